package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.MailPath;
import io.postfleet.smtp.command.PathParser;
import io.postfleet.smtp.command.RcptParameters;
import io.postfleet.smtp.command.SmtpSyntaxException;
import io.postfleet.smtpingress.policy.PolicyResult;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SmtpSession;
import org.jboss.logging.Logger;

/**
 * RCPT TO (RFC 5321 §4.1.1.3): checks the recipient against the maps and the relay policy, keeps
 * its DSN parameters (RFC 3461 §4), and gives the transaction its queue id when the first
 * recipient is accepted.
 */
final class RcptHandler implements CommandHandler {
  private static final Logger LOG = Logger.getLogger(RcptHandler.class);

  private final SmtpServices services;

  RcptHandler(SmtpServices services) {
    this.services = services;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    MailPath path;
    RcptParameters dsn;
    try {
      path = PathParser.parseRcptTo(argument);
      dsn = RcptParameters.of(path.parameters());
    } catch (SmtpSyntaxException e) {
      return CommandResult.reply(e.reply());
    }
    MailTransaction transaction = session.transaction();
    if (path.internationalised() && !transaction.parameters().smtputf8()) {
      return CommandResult.reply(SmtpReply.smtputf8Required());
    }
    if (transaction.recipientCount() >= services.settings().recipientLimit()) {
      // RFC 5321 §4.5.3.1.10: 452, so the client sends the rest in another transaction.
      services.metrics().recipientRejected("recipient_limit");
      return CommandResult.reply(SmtpReply.tooManyRecipients());
    }
    // The bare <postmaster> stays bare: the maps send it to the configured postmaster (RFC 5321 §4.5.1).
    String recipient = path.address();
    PolicyResult verdict = services.recipients().check(session.client().address(),
        session.isAuthenticated(), recipient);
    if (verdict.accepted()) {
      verdict = services.checks().recipients().check(session.checks(), services.checks().policy(),
          session.isAuthenticated(), transaction.sender(), recipient);
    }
    if (!verdict.accepted()) {
      transaction.recipientRejected();
      services.metrics().recipientRejected(verdict.reason());
      LOG.infof("%s: reject: RCPT from %s: %s; from=<%s> to=<%s> proto=%s helo=<%s>",
          transaction.queueId(), session.client().forLog(), verdict.reply().summary(),
          transaction.sender(), recipient, session.protocol(), session.helo());
      return CommandResult.reply(verdict.reply());
    }
    transaction.addRecipient(recipient, dsn);
    if (!transaction.hasQueueId()) {
      transaction.assignQueueId(services.queueIds().next());
      LOG.infof("%s: client=%s%s", transaction.queueId(), session.client().forLog(),
          session.isAuthenticated() ? ", sasl_username=" + session.authUser() : "");
    }
    return CommandResult.reply(SmtpReply.recipientOk());
  }
}
