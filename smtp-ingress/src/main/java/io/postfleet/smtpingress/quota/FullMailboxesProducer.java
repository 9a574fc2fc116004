package io.postfleet.smtpingress.quota;

import io.postfleet.smtpingress.config.IngressConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** Makes the set of full mailboxes a bean, read from the default datasource and refreshed in the background. */
@ApplicationScoped
public class FullMailboxesProducer {

  @Produces
  @Singleton
  FullMailboxes fullMailboxes(DataSource dataSource, IngressConfig config) {
    FullMailboxes full = new FullMailboxes(dataSource, config.quota().refreshInterval(),
        config.quota().fullVerdictMaxAge());
    full.start();
    return full;
  }

  void close(@Disposes FullMailboxes full) {
    full.close();
  }
}
