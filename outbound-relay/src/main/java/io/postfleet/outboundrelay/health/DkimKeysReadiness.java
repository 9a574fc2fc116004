package io.postfleet.outboundrelay.health;

import io.postfleet.outboundrelay.dkim.LiveDkimKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the DKIM keys were loaded. With PostgreSQL gone the last keys keep signing, so the
 * relay stays ready (the datasource's own check is off for that reason); an instance that never
 * loaded them defers every message with a From: domain until it has.
 */
@Readiness
@ApplicationScoped
public class DkimKeysReadiness implements HealthCheck {
  private final LiveDkimKeys keys;

  DkimKeysReadiness(LiveDkimKeys keys) {
    this.keys = keys;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("dkim-keys").status(keys.loaded()).withData("fresh", keys.fresh()).build();
  }
}
