package io.postfleet.smtpingress.health;

import io.postfleet.smtpingress.server.SmtpServerLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the SMTP port accepts connections; false again once shutdown begins. */
@Readiness
@ApplicationScoped
public class SmtpListenerReadinessCheck implements HealthCheck {
  private final SmtpServerLifecycle lifecycle;

  SmtpListenerReadinessCheck(SmtpServerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("smtp-listener").status(lifecycle.listening()).build();
  }
}
