package io.postfleet.smtpingress.checks.dkim;

import io.postfleet.smtp.message.HeaderScan;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.jdkim.api.Headers;

/**
 * The header section of a message as received, one string per field with its folding kept
 * ({@code "Name: value\r\n\tmore"}, no final CRLF), which is what jDKIM's canonicalisation reads,
 * and where the body starts; both as the one {@link HeaderScan} finds them.
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
    HeaderScan scan = HeaderScan.of(message);
    return new HeaderFields(scan.fields().stream().map(f -> f.folded(message, charset)).toList(), scan.bodyStart());
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
}
