package io.postfleet.outboundrelay.dkim;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** The "relaxed" canonicalizations of RFC 6376 §3.4.2 (header fields) and §3.4.4 (body). */
final class RelaxedCanonicalization {
  private RelaxedCanonicalization() {}

  /**
   * One header field as {@code name:value} without a line end: the name in lower case, the value
   * unfolded, runs of spaces and tabs made one space, and spaces at its ends and around the colon
   * removed.
   *
   * @param field the field as it appears, possibly folded, with or without its final CRLF
   */
  static String header(String field) {
    int colon = field.indexOf(':');
    String name = field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = field.substring(colon + 1).replace("\r\n", "").replace("\n", "")
        .replaceAll("[ \t]+", " ").trim();
    return name + ":" + value;
  }

  /**
   * The body with spaces and tabs at line ends removed, runs of them made one space, empty lines at
   * its end removed, and a non-empty body ending in exactly one CRLF.
   */
  static byte[] body(byte[] content, int bodyStart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length - bodyStart + 2);
    int pendingEmptyLines = 0;
    int lineStart = bodyStart;
    while (lineStart < content.length) {
      // A bare LF ends a line as CRLF does, as in the header section: RFC 6376 §5.3 has it
      // converted to CRLF before signing. A bare CR stays part of its line.
      int lf = indexOf(content, (byte) '\n', lineStart);
      int next = lf < 0 ? content.length : lf + 1;
      int lineEnd = lf < 0 ? content.length : (lf > lineStart && content[lf - 1] == '\r' ? lf - 1 : lf);
      byte[] line = squeeze(content, lineStart, lineEnd);
      if (line.length == 0) {
        pendingEmptyLines++;
      } else {
        for (; pendingEmptyLines > 0; pendingEmptyLines--) {
          out.write('\r');
          out.write('\n');
        }
        out.write(line, 0, line.length);
        out.write('\r');
        out.write('\n');
      }
      lineStart = next;
    }
    return out.toByteArray();
  }

  /** A line's bytes with runs of WSP made one space and trailing WSP dropped. */
  private static byte[] squeeze(byte[] content, int from, int to) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(to - from);
    boolean inSpace = false;
    for (int i = from; i < to; i++) {
      byte b = content[i];
      if (b == ' ' || b == '\t') {
        inSpace = true;
      } else {
        if (inSpace) {
          line.write(' ');
          inSpace = false;
        }
        line.write(b);
      }
    }
    return line.toByteArray();
  }

  private static int indexOf(byte[] content, byte wanted, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
