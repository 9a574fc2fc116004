package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SmtpSession;

/**
 * DATA (RFC 5321 §4.1.1.4): needs at least one accepted recipient, then content is read. Not after
 * BDAT in the same transaction, nor for BINARYMIME, whose octets DATA cannot carry (RFC 3030 §3).
 */
final class DataHandler implements CommandHandler {

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    MailTransaction transaction = session.transaction();
    if (transaction.chunks().isPresent()) {
      return CommandResult.reply(SmtpReply.badSequence("DATA after BDAT"));
    }
    if (transaction.parameters().body() == MailParameters.Body.BINARY_MIME) {
      return CommandResult.reply(SmtpReply.badSequence("BODY=BINARYMIME needs BDAT"));
    }
    if (transaction.recipientCount() == 0) {
      return CommandResult.reply(transaction.rejectedRecipients() > 0
          ? SmtpReply.noValidRecipients()
          : SmtpReply.needRcpt());
    }
    return CommandResult.thenData(SmtpReply.startMailInput());
  }
}
