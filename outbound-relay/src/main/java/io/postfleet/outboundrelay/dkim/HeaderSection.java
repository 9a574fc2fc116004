package io.postfleet.outboundrelay.dkim;

import io.postfleet.smtp.header.HeaderAddressList;
import io.postfleet.smtp.message.HeaderScan;
import io.postfleet.smtp.name.Idna;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of a message as DKIM signs them, each with its folded continuation lines, and
 * where the body starts; both as the one {@link HeaderScan} finds them.
 */
final class HeaderSection {
  private final byte[] content;
  private final HeaderScan scan;

  private HeaderSection(byte[] content, HeaderScan scan) {
    this.content = content;
    this.scan = scan;
  }

  static HeaderSection of(byte[] content) {
    return new HeaderSection(content, HeaderScan.of(content));
  }

  /** Every field of that name, top to bottom, as written with each fold as CRLF (RFC 6376 §5.3). */
  List<String> all(String name) {
    return scan.fields().stream().filter(f -> f.is(name)).map(f -> f.folded(content, StandardCharsets.UTF_8))
        .toList();
  }

  int bodyStart() {
    return scan.bodyStart();
  }

  /**
   * The domain of the (first) author address in From:, in its A-label form as the key table holds
   * it; empty when From: is missing or no RFC 5322 address list (a comment or display name is
   * never part of the domain).
   */
  Optional<String> fromDomain() {
    List<String> from = scan.values("From");
    if (from.isEmpty()) {
      return Optional.empty();
    }
    return HeaderAddressList.parse(from.get(0))
        .flatMap(HeaderAddressList::first)
        .map(HeaderAddressList.Mailbox::domain)
        .flatMap(Idna::toAscii);
  }
}
