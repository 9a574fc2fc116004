package io.postfleet.localdelivery.mailbox;

import java.io.ByteArrayOutputStream;

/**
 * Mail on disk has the line ends of the system, LF: Postfix's local(8) and virtual(8), Dovecot and
 * mutt all read and write Maildir and mbox files that way, and a reader that finds CRLF shows or
 * counts the CR as part of the line. SMTP's CRLF (RFC 5321 §2.3.8) becomes LF; a CR not followed by
 * LF is content and stays.
 */
public final class LineEnds {
  private LineEnds() {}

  public static byte[] toLf(byte[] crlf) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length);
    toLf(crlf, out);
    return out.toByteArray();
  }

  public static void toLf(byte[] crlf, ByteArrayOutputStream out) {
    int start = 0;
    for (int i = 0; i + 1 < crlf.length; i++) {
      if (crlf[i] == '\r' && crlf[i + 1] == '\n') {
        out.write(crlf, start, i - start);
        start = i + 1;
      }
    }
    out.write(crlf, start, crlf.length - start);
  }
}
