package io.postfleet.queuemanager.health;

import io.postfleet.maps.LiveRecipientMaps;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready to route until the maps were loaded once; a stale snapshot still routes. */
@Readiness
@ApplicationScoped
public class MapsReadiness implements HealthCheck {
  private final LiveRecipientMaps maps;

  public MapsReadiness(LiveRecipientMaps maps) {
    this.maps = maps;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("recipient-maps").status(maps.loaded())
        .withData("fresh", maps.fresh()).build();
  }
}
