package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.List;

/**
 * EHLO and HELO (RFC 5321 §4.1.1.1). EHLO lists exactly the extensions the server honours:
 * PIPELINING (RFC 2920, the input decoder keeps pipelined bytes), SIZE (RFC 1870, checked at MAIL
 * and while reading), 8BITMIME (RFC 6152, content is passed on as bytes) and ENHANCEDSTATUSCODES
 * (RFC 2034, every reply but these two and the greeting carries one).
 */
final class GreetingHandler implements CommandHandler {
  /** RFC 1035 §2.3.4: no host name is longer, and the name goes into a Received header. */
  private static final int MAX_NAME = 255;

  private final SessionSettings settings;
  private final boolean extended;

  GreetingHandler(SessionSettings settings, boolean extended) {
    this.settings = settings;
    this.extended = extended;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    if (argument.isEmpty() || argument.length() > MAX_NAME) {
      return CommandResult.reply(SmtpReply.usage(extended ? "EHLO hostname" : "HELO hostname"));
    }
    session.greeted(argument, extended);
    if (!extended) {
      return CommandResult.reply(SmtpReply.helo(settings.hostname()));
    }
    return CommandResult.reply(SmtpReply.ehlo(settings.hostname(), List.of(
        "PIPELINING", "SIZE " + settings.messageSizeLimit(), "8BITMIME", "ENHANCEDSTATUSCODES")));
  }
}
