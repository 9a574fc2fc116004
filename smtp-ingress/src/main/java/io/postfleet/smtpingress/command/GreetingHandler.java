package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.auth.SaslMechanism;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * EHLO and HELO (RFC 5321 §4.1.1.1). EHLO lists exactly the extensions the server honours, in
 * Postfix's order: PIPELINING (RFC 2920, the input decoder keeps pipelined bytes), SIZE (RFC 1870,
 * checked at MAIL and while reading), STARTTLS (RFC 3207) while a certificate is configured and TLS
 * is not up yet, AUTH (RFC 4954) only inside TLS on listeners that offer it, ENHANCEDSTATUSCODES
 * (RFC 2034, every reply but these two and the greeting carries one), 8BITMIME (RFC 6152, content
 * is passed on as bytes), DSN (RFC 3461, its parameters travel in the envelope), SMTPUTF8 (RFC
 * 6531), CHUNKING and BINARYMIME (RFC 3030).
 */
final class GreetingHandler implements CommandHandler {
  /** RFC 1035 §2.3.4: no host name is longer, and the name goes into a Received header. */
  private static final int MAX_NAME = 255;

  private final SmtpServices services;
  private final boolean extended;

  GreetingHandler(SmtpServices services, boolean extended) {
    this.services = services;
    this.extended = extended;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    if (argument.isEmpty() || argument.length() > MAX_NAME) {
      return CommandResult.reply(SmtpReply.usage(extended ? "EHLO hostname" : "HELO hostname"));
    }
    session.greeted(argument, extended);
    String hostname = services.settings().hostname();
    if (!extended) {
      return CommandResult.reply(SmtpReply.helo(hostname));
    }
    List<String> keywords = new ArrayList<>();
    keywords.add("PIPELINING");
    keywords.add("SIZE " + services.settings().messageSizeLimit());
    if (services.tls().configured() && session.tls().isEmpty()) {
      keywords.add("STARTTLS");
    }
    if (session.authAvailable()) {
      keywords.add(SaslMechanism.advertisement());
    }
    keywords.addAll(List.of("ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING", "BINARYMIME"));
    return CommandResult.reply(SmtpReply.ehlo(hostname, keywords));
  }
}
