package io.postfleet.smtpingress.health;

import io.postfleet.maps.LiveRecipientMaps;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the recipient maps are loaded and their last refresh reached PostgreSQL; the
 * datasource's own check (quarkus-agroal) probes the connection pool besides.
 */
@Readiness
@ApplicationScoped
public class RecipientMapsReadinessCheck implements HealthCheck {
  private final LiveRecipientMaps maps;

  RecipientMapsReadinessCheck(LiveRecipientMaps maps) {
    this.maps = maps;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("recipient-maps").status(maps.healthy()).build();
  }
}
