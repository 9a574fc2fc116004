package io.postfleet.queuemanager.routing;

import io.agroal.api.AgroalDataSource;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.policy.LivePolicy;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The live maps snapshot routing reads, and the policy it reads for quarantined mail (hold or
 * junk), refreshed from the tables this service migrates.
 */
@Singleton
public class MapsProducer {

  @Produces
  @Singleton
  LiveRecipientMaps maps(AgroalDataSource dataSource, QueueManagerConfig config) {
    LiveRecipientMaps maps = new LiveRecipientMaps(dataSource, config.maps().refreshInterval());
    maps.start();
    return maps;
  }

  void close(@Disposes LiveRecipientMaps maps) {
    maps.close();
  }

  @Produces
  @Singleton
  LivePolicy policy(AgroalDataSource dataSource, QueueManagerConfig config) {
    LivePolicy policy = new LivePolicy(dataSource, config.maps().refreshInterval());
    policy.start();
    return policy;
  }

  void closePolicy(@Disposes LivePolicy policy) {
    policy.close();
  }
}
