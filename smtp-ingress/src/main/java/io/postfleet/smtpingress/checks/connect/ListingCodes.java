package io.postfleet.smtpingress.checks.connect;

import io.postfleet.smtpingress.dns.DnsAnswer;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;

/**
 * What the A answers of a DNSBL query mean. A listing is an address in 127.0.0.0/8 (RFC 5782
 * §2.3); 127.255.255.0/24 is where lists such as Spamhaus say "we refuse to answer you" (a public
 * resolver, too many queries), so those codes, like any address outside 127/8, are an error of the
 * zone and never a listing.
 */
final class ListingCodes {
  private static final int LOOPBACK_NET = 127;
  private static final int REFUSAL_OCTET = 255;

  private ListingCodes() {}

  /** The IPv4 addresses of a found answer; empty for NXDOMAIN, NODATA or failure. */
  static List<Inet4Address> of(DnsAnswer answer) {
    return answer.records().stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress())
        .filter(Inet4Address.class::isInstance)
        .map(Inet4Address.class::cast)
        .toList();
  }

  /** Why these codes are not a listing, or empty when every one is a listing code. */
  static Optional<String> error(List<Inet4Address> codes) {
    for (Inet4Address code : codes) {
      byte[] o = code.getAddress();
      if ((o[0] & 0xff) != LOOPBACK_NET) {
        return Optional.of("answer " + code.getHostAddress() + " is outside 127.0.0.0/8");
      }
      if ((o[1] & 0xff) == REFUSAL_OCTET && (o[2] & 0xff) == REFUSAL_OCTET) {
        return Optional.of("answer " + code.getHostAddress() + " is an error code (query refused)");
      }
    }
    return Optional.empty();
  }
}
