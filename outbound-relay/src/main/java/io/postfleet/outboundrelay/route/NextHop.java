package io.postfleet.outboundrelay.route;

import java.util.Objects;

/**
 * Where a relay job goes, as Postfix writes a next hop: {@code example.com} is looked up by MX,
 * {@code [host]} or {@code [host]:port} is connected to directly without an MX lookup.
 *
 * @param host the domain or host name, or an IP address literal, without brackets
 * @param port the TCP port to connect to
 * @param skipMx true for a bracketed next hop: connect to the host's own addresses
 */
public record NextHop(String host, int port, boolean skipMx) {
  public NextHop {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty next hop");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * @param text the job's next hop
   * @param defaultPort the SMTP port for MX hosts and for bracketed hosts given without a port
   * @throws IllegalArgumentException if the text is not a next hop
   */
  public static NextHop parse(String text, int defaultPort) {
    String hop = text.trim();
    if (!hop.startsWith("[")) {
      return new NextHop(hop, defaultPort, false);
    }
    int close = hop.indexOf(']');
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced brackets in next hop " + text);
    }
    String host = hop.substring(1, close);
    String rest = hop.substring(close + 1);
    if (rest.isEmpty()) {
      return new NextHop(host, defaultPort, true);
    }
    if (!rest.startsWith(":")) {
      throw new IllegalArgumentException("expected :port after ] in next hop " + text);
    }
    try {
      return new NextHop(host, Integer.parseInt(rest.substring(1)), true);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in next hop " + text, e);
    }
  }
}
