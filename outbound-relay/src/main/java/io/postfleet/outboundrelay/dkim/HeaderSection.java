package io.postfleet.outboundrelay.dkim;

import io.postfleet.smtp.header.HeaderAddressList;
import io.postfleet.smtp.name.Idna;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of a message as they are, each with its folded continuation lines, and where the
 * body starts (after the first empty line, RFC 5322 §2.1).
 */
final class HeaderSection {
  private final List<String> fields;
  private final int bodyStart;

  private HeaderSection(List<String> fields, int bodyStart) {
    this.fields = fields;
    this.bodyStart = bodyStart;
  }

  static HeaderSection of(byte[] content) {
    List<String> fields = new ArrayList<>();
    int lineStart = 0;
    while (lineStart < content.length) {
      int crlf = RelaxedCanonicalization.indexOfCrlf(content, lineStart);
      int lineEnd = crlf < 0 ? content.length : crlf;
      if (lineEnd == lineStart) {
        return new HeaderSection(fields, lineEnd + 2); // the empty line ends the header section
      }
      String line = RelaxedCanonicalization.ascii(content, lineStart, lineEnd);
      boolean continuation = line.startsWith(" ") || line.startsWith("\t");
      if (continuation && !fields.isEmpty()) {
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
      } else {
        fields.add(line);
      }
      lineStart = crlf < 0 ? content.length : crlf + 2;
    }
    return new HeaderSection(fields, content.length);
  }

  /** Every field of that name, top to bottom. */
  List<String> all(String name) {
    List<String> found = new ArrayList<>();
    for (String field : fields) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).trim().equalsIgnoreCase(name)) {
        found.add(field);
      }
    }
    return found;
  }

  int bodyStart() {
    return bodyStart;
  }

  /**
   * The domain of the (first) author address in From:, in its A-label form as the key table holds
   * it; empty when From: is missing or no RFC 5322 address list (a comment or display name is
   * never part of the domain).
   */
  Optional<String> fromDomain() {
    List<String> from = all("from");
    if (from.isEmpty()) {
      return Optional.empty();
    }
    String value = from.get(0).substring(from.get(0).indexOf(':') + 1);
    return HeaderAddressList.parse(value)
        .flatMap(HeaderAddressList::first)
        .map(HeaderAddressList.Mailbox::domain)
        .flatMap(Idna::toAscii);
  }
}
