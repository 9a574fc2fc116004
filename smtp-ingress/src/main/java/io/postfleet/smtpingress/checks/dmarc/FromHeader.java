package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtp.header.HeaderAddressList;
import io.postfleet.smtp.message.HeaderScan;
import java.util.List;
import java.util.Optional;

/** The RFC5322.From domain DMARC evaluates (RFC 7489 §6.6.1), read with the shared RFC 5322 parser. */
final class FromHeader {
  private FromHeader() {}

  /**
   * The unfolded values of every From: field in the header section, as the one {@link HeaderScan}
   * finds it, read as UTF-8 (RFC 6532).
   */
  static List<String> values(byte[] message) {
    return HeaderScan.of(message).values("From");
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
}
