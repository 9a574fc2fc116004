package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;

/** A command or path the parser refused, with the reply the client must get for it. */
public final class SmtpSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient SmtpReply reply;

  public SmtpSyntaxException(SmtpReply reply) {
    super(reply.summary(), null, false, false);
    this.reply = reply;
  }

  public SmtpReply reply() {
    return reply;
  }
}
