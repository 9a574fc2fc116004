package io.postfleet.localdelivery.mbox;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.localdelivery.mailbox.LineEnds;
import io.postfleet.localdelivery.maildir.MaildirWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One message as Postfix's local(8) appends it to an mbox ({@code mail_copy()} with
 * {@code MAIL_COPY_MBOX}): the {@code From sender  date} separator in asctime format (two spaces, as
 * Postfix writes it; {@code MAILER-DAEMON} for the null sender), {@code Return-Path:} and
 * {@code Delivered-To:}, the message with LF line ends and every line that starts with
 * {@code From } quoted as {@code >From } (mboxo, what Postfix, mutt and Dovecot's readers expect),
 * a final newline if the message lacks one, and a blank line.
 */
final class MboxMessage {
  /** C's asctime(): {@code Thu Jan  1 00:00:00 1970}, day of month padded with a space. */
  private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
      .withZone(ZoneOffset.UTC);
  /** A local part that needs no quotes (RFC 5322 dot-atom). */
  private static final Pattern DOT_ATOM = Pattern
      .compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final byte[] FROM_ = {'F', 'r', 'o', 'm', ' '};

  private MboxMessage() {}

  static byte[] bytes(LocalDeliveryJob job, Instant deliveredAt) {
    byte[] content = LineEnds.toLf(job.content());
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
    byte[] separator = ("From " + sender(job.mailFrom()) + "  " + ASCTIME.format(deliveredAt) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    out.write(separator, 0, separator.length);
    byte[] trace = MaildirWriter.traceHeaders(job);
    out.write(trace, 0, trace.length);
    int start = 0;
    while (start < content.length) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      if (startsWithFrom(content, start)) {
        out.write('>');
      }
      out.write(content, start, Math.min(end + 1, content.length) - start);
      start = end + 1;
    }
    if (content.length > 0 && content[content.length - 1] != '\n') {
      out.write('\n');
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The envelope sender as Postfix puts it in the separator: quoted local part if it needs quotes. */
  static String sender(String mailFrom) {
    if (mailFrom.isEmpty()) {
      return "MAILER-DAEMON";
    }
    int at = mailFrom.lastIndexOf('@');
    String local = at < 0 ? mailFrom : mailFrom.substring(0, at);
    if (DOT_ATOM.matcher(local).matches() || (local.startsWith("\"") && local.endsWith("\"") && local.length() > 1)) {
      return mailFrom;
    }
    return "\"" + local.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + (at < 0 ? "" : mailFrom.substring(at));
  }

  private static boolean startsWithFrom(byte[] content, int at) {
    if (content.length - at < FROM_.length) {
      return false;
    }
    for (int i = 0; i < FROM_.length; i++) {
      if (content[at + i] != FROM_[i]) {
        return false;
      }
    }
    return true;
  }
}
