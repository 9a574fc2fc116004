package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.session.SmtpSession;

/**
 * STARTTLS (RFC 3207 §4). Without a configured certificate the verb does not exist here, as in a
 * Postfix without smtpd_tls_security_level. The handshake itself, and dropping whatever the client
 * pipelined behind the command, is the connection's job once the 220 is out.
 */
final class StartTlsHandler implements CommandHandler {
  private final SmtpServices services;

  StartTlsHandler(SmtpServices services) {
    this.services = services;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    if (!services.tls().configured()) {
      return CommandResult.reply(SmtpReply.commandUnrecognized());
    }
    if (!argument.isEmpty()) {
      return CommandResult.reply(SmtpReply.usage("STARTTLS"));
    }
    if (session.tls().isPresent()) {
      return CommandResult.reply(SmtpReply.tlsAlreadyActive());
    }
    if (services.tls().current().isEmpty()) {
      return CommandResult.reply(SmtpReply.tlsNotAvailable());
    }
    return CommandResult.thenStartTls(SmtpReply.readyToStartTls());
  }
}
