package io.postfleet.queuemanager.routing;

import io.agroal.api.AgroalDataSource;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The live maps snapshot routing reads, refreshed from the tables this service migrates. */
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
}
