package io.postfleet.outboundrelay.smtp;

import java.util.Objects;
import java.util.Optional;

/**
 * What a next hop asks of the sessions to it, beyond its addresses.
 *
 * @param name the next hop as the job names it; concurrency is limited per name
 * @param tls the TLS policy
 * @param credentials what to authenticate with, if anything
 */
public record Destination(String name, TlsLevel tls, Optional<Credentials> credentials) {
  public Destination {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** Opportunistic TLS and no AUTH: the default for a domain nobody configured. */
  public static Destination opportunistic(String name) {
    return new Destination(name, TlsLevel.MAY, Optional.empty());
  }
}
