package io.postfleet.smtpingress.checks.greylist;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The network a client is greylisted by: its IPv4 /24 or IPv6 /64. Large senders retry from
 * another address of the same pool (postgrey's {@code --lookup-by-subnet}, its default); a /64 is
 * what one IPv6 site is given (RFC 6177 §3), so one host's privacy addresses count as one client.
 */
final class ClientNetwork {
  private static final int IPV4_BITS = 24;
  private static final int IPV6_BITS = 64;

  private ClientNetwork() {}

  /** The network as text: {@code 192.0.2.0/24}, {@code 2001:db8:1:2::/64} (RFC 5952 form). */
  static String of(InetAddress client) {
    // An IPv4-mapped IPv6 address is already an Inet4Address when Java parses it.
    int bits = client instanceof Inet4Address ? IPV4_BITS : IPV6_BITS;
    byte[] prefix = Arrays.copyOf(client.getAddress(), bits / 8);
    byte[] masked = Arrays.copyOf(prefix, client.getAddress().length);
    try {
      return InetAddresses.toAddrString(InetAddress.getByAddress(masked)) + "/" + bits;
    } catch (UnknownHostException impossible) {
      // getByAddress only throws for a length that is neither 4 nor 16.
      throw new IllegalStateException(impossible);
    }
  }
}
