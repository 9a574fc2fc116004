package io.postfleet.queuemanager.domain.rest;

import io.postfleet.queuemanager.domain.Domain;
import java.time.Instant;

/** A domain on the wire; {@code kind} defaults to LOCAL, {@code createdAt} is ignored on input. */
public record DomainDto(String name, Domain.Kind kind, Instant createdAt) {

  static DomainDto of(Domain d) {
    return new DomainDto(d.name, d.kind, d.createdAt);
  }
}
