package io.postfleet.outboundrelay.route;

import java.net.InetAddress;
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
    return host + "[" + address.getHostAddress() + "]:" + port;
  }

  /** {@code host[ip]}, as Postfix names a peer in a reply or error text. */
  public String peer() {
    return host + "[" + address.getHostAddress() + "]";
  }
}
