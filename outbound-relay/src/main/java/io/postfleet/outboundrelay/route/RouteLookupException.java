package io.postfleet.outboundrelay.route;

import java.util.Objects;

/**
 * No address to deliver to. The kind keeps "could not look up" apart from "does not exist": only
 * the latter may bounce (Postfix {@code global/maps.c}, {@code dns_lookup.c}).
 */
public final class RouteLookupException extends Exception {

  public enum Kind {
    /** The domain does not exist (NXDOMAIN). */
    NOT_FOUND,
    /** The domain publishes a null MX: it accepts no mail at all (RFC 7505). */
    NULL_MX,
    /** The domain and its MX hosts exist, but none has an address record. */
    NO_ADDRESS,
    /** The best MX host is this system itself: delivering would loop (Postfix smtp_addr.c). */
    LOOPS_BACK,
    /** DNS did not answer usefully (SERVFAIL, timeout, unreachable server): try again later. */
    TEMPORARY
  }

  private final Kind kind;

  public RouteLookupException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind);
  }

  public Kind kind() {
    return kind;
  }
}
