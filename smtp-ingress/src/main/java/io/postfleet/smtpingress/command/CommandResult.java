package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import java.util.Objects;

/**
 * A handler's reply and what the session does next.
 *
 * @param reply the reply to send
 * @param next what follows the reply
 */
public record CommandResult(SmtpReply reply, Next next) {

  public enum Next {
    /** Read the next command. */
    CONTINUE,
    /** Read message content up to CRLF.CRLF (after 354). */
    READ_DATA,
    /** Close the connection (after QUIT). */
    CLOSE
  }

  public CommandResult {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(next, "next");
  }

  public static CommandResult reply(SmtpReply reply) {
    return new CommandResult(reply, Next.CONTINUE);
  }

  public static CommandResult thenData(SmtpReply reply) {
    return new CommandResult(reply, Next.READ_DATA);
  }

  public static CommandResult thenClose(SmtpReply reply) {
    return new CommandResult(reply, Next.CLOSE);
  }
}
