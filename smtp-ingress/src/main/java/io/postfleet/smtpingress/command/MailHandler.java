package io.postfleet.smtpingress.command;

import io.postfleet.maps.MapsAnswer;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtp.command.MailPath;
import io.postfleet.smtp.command.PathParser;
import io.postfleet.smtp.command.SmtpSyntaxException;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SmtpSession;
import org.jboss.logging.Logger;

/**
 * MAIL FROM (RFC 5321 §4.1.1.2): opens the mail transaction with its ESMTP parameters. An
 * authenticated client may only use a sender it owns, where the maps say so (Postfix's
 * reject_sender_login_mismatch).
 */
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
      parameters = MailParameters.of(path.parameters(), session.authAvailable());
    } catch (SmtpSyntaxException e) {
      return CommandResult.reply(e.reply());
    }
    if (path.internationalised() && !parameters.smtputf8()) {
      return reject(session, path, SmtpReply.smtputf8Required());
    }
    // RFC 1870 §6.2: refuse early what we would refuse after reading it all.
    if (parameters.declaredSize() > services.settings().messageSizeLimit()) {
      return reject(session, path, SmtpReply.declaredSizeTooBig());
    }
    if (session.isAuthenticated()) {
      MapsAnswer owned = services.clients().maySendAs(session.authUser(), path.address());
      if (owned == MapsAnswer.NO) {
        return reject(session, path, SmtpReply.senderNotOwned(path.address(), session.authUser()));
      }
      if (owned == MapsAnswer.UNAVAILABLE) {
        return reject(session, path, SmtpReply.lookupFailure(path.address())); // not known: never a pass
      }
    }
    services.checks().mail(session.checks(), session.isAuthenticated(), session.helo(), path.address());
    session.beginTransaction(new MailTransaction(path.address(), parameters));
    return CommandResult.reply(SmtpReply.senderOk());
  }

  private static CommandResult reject(SmtpSession session, MailPath path, SmtpReply reply) {
    LOG.infof("NOQUEUE: reject: MAIL from %s: %s; from=<%s> proto=%s helo=<%s>",
        session.client().forLog(), reply.summary(), path.address(), session.protocol(), session.helo());
    return CommandResult.reply(reply);
  }
}
