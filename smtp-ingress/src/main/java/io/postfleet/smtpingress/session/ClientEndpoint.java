package io.postfleet.smtpingress.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The remote end of a session: its address and the name reverse DNS gave for it.
 *
 * @param address the client's IP address
 * @param name the verified host name, or {@code unknown} as Postfix writes it
 */
public record ClientEndpoint(InetAddress address, String name) {
  public static final String UNKNOWN = "unknown";

  public ClientEndpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Looks the name up when asked to. {@link InetAddress#getCanonicalHostName()} confirms the
   * reverse name with a forward lookup and falls back to the address text, which we turn into
   * {@code unknown} as Postfix's smtpd_peername_lookup does for unverified names.
   */
  public static ClientEndpoint of(InetAddress address, boolean lookupName) {
    if (!lookupName) {
      return new ClientEndpoint(address, UNKNOWN);
    }
    String name = address.getCanonicalHostName();
    return new ClientEndpoint(address, name.equals(address.getHostAddress()) ? UNKNOWN : name);
  }

  public String ip() {
    return address.getHostAddress();
  }

  /** {@code name[ip]}, as the maillog shows a client. */
  public String forLog() {
    return name + "[" + ip() + "]";
  }

  /** The address as an RFC 5321 §4.1.3 address literal body, for trace headers. */
  public String addressLiteral() {
    return address instanceof Inet6Address ? "IPv6:" + ip() : ip();
  }
}
