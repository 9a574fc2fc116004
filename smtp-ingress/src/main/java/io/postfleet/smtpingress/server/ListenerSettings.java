package io.postfleet.smtpingress.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the SMTP server listens.
 *
 * @param bindAddress the local address to bind
 * @param port the port; 0 lets the system pick one (tests)
 * @param maxConnections concurrent sessions; more are answered 421 and closed
 * @param shutdownGrace how long open transactions may take to finish at shutdown
 */
public record ListenerSettings(InetAddress bindAddress, int port, int maxConnections,
    Duration shutdownGrace) {

  public ListenerSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (port < 0 || port > 65535 || maxConnections < 1) {
      throw new IllegalArgumentException("bad port or connection limit");
    }
  }
}
