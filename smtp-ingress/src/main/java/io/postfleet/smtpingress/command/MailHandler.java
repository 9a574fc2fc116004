package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtp.command.MailPath;
import io.postfleet.smtp.command.PathParser;
import io.postfleet.smtp.command.SmtpSyntaxException;
import io.postfleet.smtpingress.session.SmtpSession;
import org.jboss.logging.Logger;

/** MAIL FROM (RFC 5321 §4.1.1.2): opens the mail transaction. */
final class MailHandler implements CommandHandler {
  private static final Logger LOG = Logger.getLogger(MailHandler.class);

  private final SmtpServices services;

  MailHandler(SmtpServices services) {
    this.services = services;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    MailPath path;
    MailParameters parameters;
    try {
      path = PathParser.parseMailFrom(argument);
      parameters = MailParameters.of(path.parameters());
    } catch (SmtpSyntaxException e) {
      return CommandResult.reply(e.reply());
    }
    // RFC 1870 §6.2: refuse early what we would refuse after reading it all.
    if (parameters.declaredSize() > services.settings().messageSizeLimit()) {
      SmtpReply reply = SmtpReply.declaredSizeTooBig();
      LOG.infof("NOQUEUE: reject: MAIL from %s: %s; from=<%s> proto=%s helo=<%s>",
          session.client().forLog(), reply.summary(), path.address(), session.protocol(),
          session.helo());
      return CommandResult.reply(reply);
    }
    // BODY=8BITMIME needs nothing more: content is passed on as the bytes that arrived.
    session.beginTransaction(path.address());
    return CommandResult.reply(SmtpReply.senderOk());
  }
}
