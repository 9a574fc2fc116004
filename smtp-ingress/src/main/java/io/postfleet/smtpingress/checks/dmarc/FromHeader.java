package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtp.header.HeaderAddressList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The RFC5322.From domain DMARC evaluates (RFC 7489 §6.6.1), read with the shared RFC 5322 parser. */
final class FromHeader {
  private FromHeader() {}

  /**
   * The unfolded values of every From: field in the header section (the bytes up to the first
   * empty line, RFC 5322 §2.1), read as UTF-8 (RFC 6532).
   */
  static List<String> values(byte[] message) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    while (start < message.length) {
      int lf = indexOf(message, (byte) '\n', start);
      int end = lf < 0 ? message.length : lf;
      int contentEnd = end > start && message[end - 1] == '\r' ? end - 1 : end;
      if (contentEnd == start) {
        break; // the empty line: the body follows
      }
      String line = new String(message, start, contentEnd - start, StandardCharsets.UTF_8);
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation && !fields.isEmpty()) {
        // RFC 5322 §2.2.3: unfolding removes the CRLF before the white space.
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
      } else {
        fields.add(line);
      }
      start = end + 1;
    }
    List<String> values = new ArrayList<>();
    for (String field : fields) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).strip().equalsIgnoreCase("From")) {
        values.add(field.substring(colon + 1));
      }
    }
    return values;
  }

  /**
   * The domain of the author when there is exactly one From: field holding exactly one mailbox
   * (RFC 7489 §6.6.1); empty otherwise, which DMARC answers with permerror.
   */
  static Optional<String> singleDomain(List<String> values) {
    if (values.size() != 1) {
      return Optional.empty();
    }
    return HeaderAddressList.parse(values.get(0))
        .flatMap(HeaderAddressList::single)
        .map(HeaderAddressList.Mailbox::domain)
        .filter(domain -> !domain.isBlank());
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
