package io.postfleet.outboundrelay.config;

import io.postfleet.outboundrelay.delivery.OutcomeRules;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import io.postfleet.outboundrelay.route.DnsTargetResolver;
import io.postfleet.outboundrelay.route.TargetResolver;
import io.postfleet.outboundrelay.smtp.SmtpClient;
import io.postfleet.outboundrelay.smtp.SmtpTimeouts;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the plain delivery classes from {@link RelayConfig}; they know nothing of CDI. */
public class RelayBeans {

  @Produces
  @Singleton
  TargetResolver targetResolver(RelayConfig config) {
    return DnsTargetResolver.create(config.dnsServers(), config.dnsTimeout(),
        config.dnsAttempts(), config.addressLimit());
  }

  @Produces
  @Singleton
  SmtpClient smtpClient(RelayConfig config) {
    RelayConfig.Timeouts t = config.timeout();
    return new SmtpClient(config.hostname(), new SmtpTimeouts(
        t.connect(), t.helo(), t.mail(), t.rcpt(), t.dataInit(), t.dataXfer(), t.dataDone()));
  }

  void closeSmtpClient(@Disposes SmtpClient client) {
    client.close();
  }

  @Produces
  @Singleton
  RelayDelivery relayDelivery(TargetResolver resolver, SmtpClient client, RelayConfig config) {
    return new RelayDelivery(resolver, client, new OutcomeRules(), config.smtpPort());
  }
}
