package io.postfleet.smtpingress.checks.connect;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.StringJoiner;

/**
 * An address written as DNS labels in reverse order: {@code d.c.b.a} for IPv4 (RFC 1035 §3.5),
 * the 32 nibbles lowest first for IPv6 (RFC 3596 §2.5). PTR lookups put them under
 * {@code in-addr.arpa} or {@code ip6.arpa}, DNSBL queries under the list's zone (RFC 5782 §2.1,
 * §2.4).
 */
final class ReverseName {
  private ReverseName() {}

  static String labels(InetAddress address) {
    byte[] octets = address.getAddress();
    StringJoiner labels = new StringJoiner(".");
    for (int i = octets.length - 1; i >= 0; i--) {
      int octet = octets[i] & 0xff;
      if (address instanceof Inet4Address) {
        labels.add(Integer.toString(octet));
      } else {
        labels.add(Integer.toHexString(octet & 0xf)).add(Integer.toHexString(octet >> 4));
      }
    }
    return labels.toString();
  }

  /** The name whose PTR records name the address's host. */
  static String arpa(InetAddress address) {
    return labels(address) + (address instanceof Inet4Address ? ".in-addr.arpa" : ".ip6.arpa");
  }
}
