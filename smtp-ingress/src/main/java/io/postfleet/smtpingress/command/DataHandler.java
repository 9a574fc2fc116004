package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SmtpSession;

/** DATA (RFC 5321 §4.1.1.4): needs at least one accepted recipient, then content is read. */
final class DataHandler implements CommandHandler {

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    MailTransaction transaction = session.transaction();
    if (transaction.recipientCount() == 0) {
      return CommandResult.reply(transaction.rejectedRecipients() > 0
          ? SmtpReply.noValidRecipients()
          : SmtpReply.needRcpt());
    }
    return CommandResult.thenData(SmtpReply.startMailInput());
  }
}
