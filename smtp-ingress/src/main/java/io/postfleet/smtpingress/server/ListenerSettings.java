package io.postfleet.smtpingress.server;

import io.postfleet.smtpingress.session.ListenerRules;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One SMTP listener: where it listens and what it demands of clients.
 *
 * @param bindAddress the local address to bind
 * @param port the port; 0 lets the system pick one (tests)
 * @param rules TLS and AUTH demands (MX, submission, submissions)
 * @param proxyProtocol whether every connection starts with a PROXY protocol header
 */
public record ListenerSettings(InetAddress bindAddress, int port, ListenerRules rules, boolean proxyProtocol) {

  public ListenerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(rules, "rules");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
  }
}
