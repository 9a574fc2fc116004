package io.postfleet.smtpingress.checks.dkim;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.jdkim.api.Headers;

/**
 * The header section of a message as received, one string per field with its folding kept
 * ({@code "Name: value\r\n\tmore"}, no final CRLF), which is what jDKIM's canonicalisation reads,
 * and where the body starts: after the first empty line (RFC 5322 §2.1).
 */
final class HeaderFields implements Headers {
  private final List<String> fields;
  private final int bodyStart;

  private HeaderFields(List<String> fields, int bodyStart) {
    this.fields = List.copyOf(fields);
    this.bodyStart = bodyStart;
  }

  static HeaderFields of(byte[] message) {
    // jDKIM turns fields back into octets with the default charset; decoding with the same one
    // gives the octets that arrived back for every header that is valid in it (ASCII always).
    Charset charset = Charset.defaultCharset();
    List<String> fields = new ArrayList<>();
    int lineStart = 0;
    while (lineStart < message.length) {
      int lineEnd = indexOfCrlf(message, lineStart);
      if (lineEnd == lineStart) {
        return new HeaderFields(fields, lineEnd + 2);
      }
      int end = lineEnd < 0 ? message.length : lineEnd;
      String line = new String(message, lineStart, end - lineStart, charset);
      boolean continuation = line.startsWith(" ") || line.startsWith("\t");
      if (continuation && !fields.isEmpty()) {
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
      } else {
        fields.add(line);
      }
      lineStart = lineEnd < 0 ? message.length : lineEnd + 2;
    }
    return new HeaderFields(fields, message.length);
  }

  /** The offset of the first body octet; the message length when there is no body. */
  int bodyStart() {
    return bodyStart;
  }

  @Override
  public List<String> getFields() {
    return fields;
  }

  /** Every field of that name (case-insensitive, RFC 5322 §1.2.2), top to bottom. */
  @Override
  public List<String> getFields(String name) {
    List<String> found = new ArrayList<>();
    for (String field : fields) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
        found.add(field);
      }
    }
    return found;
  }

  private static int indexOfCrlf(byte[] message, int from) {
    for (int i = from; i + 1 < message.length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
