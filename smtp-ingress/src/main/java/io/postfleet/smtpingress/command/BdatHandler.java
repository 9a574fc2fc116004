package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.session.MailTransaction;
import io.postfleet.smtpingress.session.SessionPhase;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BDAT size [LAST] (RFC 3030 §2). The chunk follows the command whatever we answer, so a refused
 * chunk is still read, and thrown away, before the refusal is sent; otherwise its octets would be
 * taken for commands. The transaction ends with the LAST chunk, as it ends with DATA's final dot.
 */
final class BdatHandler implements CommandHandler {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,20})(?:[ \t]+(LAST))?",
      Pattern.CASE_INSENSITIVE);

  private final SmtpServices services;

  BdatHandler(SmtpServices services) {
    this.services = services;
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    Matcher m = SYNTAX.matcher(argument);
    if (!m.matches()) {
      // Without a size we cannot tell where the chunk ends: every later byte would be read out
      // of step, its content taken for commands. Postfix hangs up here as well.
      return CommandResult.thenClose(SmtpReply.usage("BDAT count [LAST]"));
    }
    long size = size(m.group(1));
    boolean last = m.group(2) != null;
    if (session.phase() != SessionPhase.IN_TRANSACTION) {
      return CommandResult.skipChunk(size, SmtpVerb.BDAT.outOfSequence(session.phase()));
    }
    MailTransaction transaction = session.transaction();
    if (transaction.recipientCount() == 0) {
      return CommandResult.skipChunk(size, transaction.rejectedRecipients() > 0
          ? SmtpReply.noValidRecipients()
          : SmtpReply.needRcpt());
    }
    transaction.chunks(services.settings().messageSizeLimit());
    return last ? CommandResult.lastChunk(size) : CommandResult.chunk(size);
  }

  private static long size(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooLargeForLong) {
      return Long.MAX_VALUE;
    }
  }
}
