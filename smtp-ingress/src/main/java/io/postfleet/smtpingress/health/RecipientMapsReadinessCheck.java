package io.postfleet.smtpingress.health;

import io.postfleet.maps.LiveRecipientMaps;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the recipient maps were loaded. With PostgreSQL gone the last snapshot keeps answering
 * RCPT, so the service stays ready (the datasource's own check is off for that reason); only an
 * instance that never had maps, and would answer every RCPT with 451, is not ready.
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
    return HealthCheckResponse.named("recipient-maps").status(maps.loaded())
        .withData("fresh", maps.fresh()).build();
  }
}
