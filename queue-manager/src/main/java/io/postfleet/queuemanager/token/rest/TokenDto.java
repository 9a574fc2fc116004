package io.postfleet.queuemanager.token.rest;

import io.postfleet.queuemanager.admin.Caller;
import io.postfleet.queuemanager.token.ApiToken;
import java.time.Instant;

/**
 * A token on the wire. {@code token} is present only in the answer to its creation: it is never
 * stored, so it cannot be shown again.
 */
public record TokenDto(String name, Caller.Role role, String token, Instant createdAt) {

  static TokenDto of(ApiToken t) {
    return new TokenDto(t.name, t.role, null, t.createdAt);
  }
}
