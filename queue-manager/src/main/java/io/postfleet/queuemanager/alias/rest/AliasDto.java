package io.postfleet.queuemanager.alias.rest;

import io.postfleet.queuemanager.alias.Alias;
import java.time.Instant;
import java.util.List;

/** An alias on the wire: {@code address} may be {@code @domain}; {@code createdAt} is output only. */
public record AliasDto(String address, List<String> targets, Instant createdAt) {

  static AliasDto of(Alias a) {
    return new AliasDto(a.address, List.copyOf(a.targets), a.createdAt);
  }
}
