package io.postfleet.smtpingress.maps;

import io.postfleet.maps.content.LiveContentRules;
import io.postfleet.smtpingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * Makes the header and body rules a bean, loaded and refreshed as {@link PolicyProducer}'s policy
 * is (same datasource, same change counter, same interval), so a change applies without a restart.
 */
@ApplicationScoped
public class ContentRulesProducer {

  @Produces
  @Singleton
  LiveContentRules contentRules(DataSource dataSource, IngressConfig config) {
    LiveContentRules rules = new LiveContentRules(dataSource, config.maps().refreshInterval());
    rules.start();
    return rules;
  }

  void close(@Disposes LiveContentRules rules) {
    rules.close();
  }
}
