package io.postfleet.smtpingress.maps;

import io.postfleet.maps.policy.LivePolicy;
import io.postfleet.smtpingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Makes the sender-check policy a bean: loaded from the default datasource and refreshed in the
 * background at the maps' interval (both follow the same change counter), so every session reads
 * it from memory. A singleton for the same reason as {@link RecipientMapsProducer}'s maps.
 */
@ApplicationScoped
public class PolicyProducer {

  @Produces
  @Singleton
  LivePolicy policy(DataSource dataSource, IngressConfig config) {
    LivePolicy policy = new LivePolicy(dataSource, config.maps().refreshInterval());
    policy.start();
    return policy;
  }

  void close(@Disposes LivePolicy policy) {
    policy.close();
  }
}
