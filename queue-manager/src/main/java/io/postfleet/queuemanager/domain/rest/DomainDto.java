package io.postfleet.queuemanager.domain.rest;

import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.domain.Domain;
import java.time.Instant;

/**
 * A domain on the wire. {@code name} is the stored A-label form (a Unicode name is accepted on
 * input), {@code unicodeName} its Unicode form for internationalised domains; {@code kind} defaults
 * to LOCAL; {@code unicodeName} and {@code createdAt} are ignored on input.
 */
public record DomainDto(String name, String unicodeName, Domain.Kind kind, Instant createdAt) {

  static DomainDto of(Domain d) {
    return new DomainDto(d.name, Names.unicodeOf(d.name), d.kind, d.createdAt);
  }
}
