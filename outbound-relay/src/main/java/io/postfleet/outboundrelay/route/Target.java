package io.postfleet.outboundrelay.route;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One address to try for a delivery.
 *
 * @param host the MX host (or next-hop host) name, as Postfix names the relay in its logs
 * @param address the address to connect to
 * @param port the TCP port
 */
public record Target(String host, InetAddress address, int port) {
  public Target {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(address, "address");
  }

  /** {@code host[ip]:port}, Postfix's {@code relay=} field. */
  public String relay() {
    return peer() + ":" + port;
  }

  /** {@code host[ip]}, as Postfix names a peer in a reply or error text. */
  public String peer() {
    return host + "[" + addressText() + "]";
  }

  /**
   * An IPv6 address in the short form of RFC 5952 §4 ({@code 2001:db8::1}), as Postfix logs it;
   * Java writes every group ({@code 2001:db8:0:0:0:0:0:1}).
   */
  private String addressText() {
    String full = address.getHostAddress();
    if (!(address instanceof Inet6Address)) {
      return full;
    }
    String[] groups = full.replaceFirst("%.*$", "").split(":");
    int bestStart = -1;
    int bestLength = 1; // §4.2.2: "::" never stands for a single zero group
    for (int i = 0; i < groups.length; i++) {
      int length = 0;
      while (i + length < groups.length && groups[i + length].equals("0")) {
        length++;
      }
      if (length > bestLength) { // §4.2.3: the first of equally long runs
        bestStart = i;
        bestLength = length;
      }
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
        + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
  }
}
