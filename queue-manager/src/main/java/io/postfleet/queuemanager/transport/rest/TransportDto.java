package io.postfleet.queuemanager.transport.rest;

import io.postfleet.queuemanager.transport.TransportEntry;
import java.time.Instant;

/** A transport on the wire: {@code pattern} → {@code kind} and {@code nexthop}. */
public record TransportDto(String pattern, TransportEntry.Kind kind, String nexthop, Instant createdAt) {

  static TransportDto of(TransportEntry t) {
    return new TransportDto(t.pattern, t.kind, t.nexthop, t.createdAt);
  }
}
