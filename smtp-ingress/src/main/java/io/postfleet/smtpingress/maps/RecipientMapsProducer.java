package io.postfleet.smtpingress.maps;

import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.smtpingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Makes the recipient maps a bean: loaded from the default datasource at startup and refreshed in
 * the background, so RCPT checks are answered from memory. A singleton, not a proxied bean, since
 * the class lives in a plain library and is used on every RCPT.
 */
@ApplicationScoped
public class RecipientMapsProducer {

  @Produces
  @Singleton
  LiveRecipientMaps recipientMaps(DataSource dataSource, IngressConfig config) {
    LiveRecipientMaps maps = new LiveRecipientMaps(dataSource, config.maps().refreshInterval());
    maps.start();
    return maps;
  }

  void close(@Disposes LiveRecipientMaps maps) {
    maps.close();
  }
}
