package io.postfleet.outboundrelay.config;

import io.postfleet.maps.dkim.DkimKeySealer;
import io.postfleet.outboundrelay.delivery.MessageSigning;
import io.postfleet.outboundrelay.delivery.OutcomeRules;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import io.postfleet.outboundrelay.dkim.DkimSigner;
import io.postfleet.outboundrelay.dkim.DkimSigning;
import io.postfleet.outboundrelay.dkim.LiveDkimKeys;
import io.postfleet.outboundrelay.route.DnsTargetResolver;
import io.postfleet.outboundrelay.route.TargetResolver;
import io.postfleet.outboundrelay.smtp.ConnectionLimits;
import io.postfleet.outboundrelay.smtp.Credentials;
import io.postfleet.outboundrelay.smtp.DestinationPolicies;
import io.postfleet.outboundrelay.smtp.SmtpClient;
import io.postfleet.outboundrelay.smtp.SmtpTimeouts;
import io.postfleet.outboundrelay.smtp.TlsContexts;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Builds the plain delivery classes from {@link RelayConfig}; they know nothing of CDI. */
public class RelayBeans {

  @Produces
  @Singleton
  TargetResolver targetResolver(RelayConfig config) {
    return DnsTargetResolver.create(config.dnsServers(), config.dnsTimeout(),
        config.dnsAttempts(), config.addressLimit()).withOwnAddresses(config.ownAddresses().orElse(List.of()));
  }

  @Produces
  @Singleton
  SmtpClient smtpClient(RelayConfig config) {
    RelayConfig.Timeouts t = config.timeout();
    RelayConfig.Connections c = config.connections();
    return new SmtpClient(config.hostname(),
        new SmtpTimeouts(t.connect(), t.helo(), t.starttls(), t.mail(), t.rcpt(), t.dataInit(),
            t.dataXfer(), t.dataDone(), t.rset()),
        TlsContexts.create(config.tls().trustStore()),
        new ConnectionLimits(c.destinationConcurrencyLimit(), c.totalConcurrencyLimit(),
            c.idleTimeout(), c.maxAge(), c.maxMessages()));
  }

  void closeSmtpClient(@Disposes SmtpClient client) {
    client.close();
  }

  @Produces
  @Singleton
  DestinationPolicies destinationPolicies(RelayConfig config) {
    Map<String, Credentials> credentials = new HashMap<>();
    config.auth().forEach(
        (hop, auth) -> credentials.put(hop, new Credentials(auth.username(), auth.password(), auth.allowPlaintext())));
    return new DestinationPolicies(config.tls().defaultPolicy(), config.tls().policy(), credentials);
  }

  /** Loaded at start-up and refreshed in the background, so signing never waits on the database. */
  @Produces
  @Singleton
  LiveDkimKeys dkimKeys(DataSource dataSource, RelayConfig config) {
    LiveDkimKeys keys = new LiveDkimKeys(dataSource, config.dkim().masterKey().map(DkimKeySealer::fromBase64),
        config.dkim().refreshInterval());
    keys.start();
    return keys;
  }

  void closeDkimKeys(@Disposes LiveDkimKeys keys) {
    keys.close();
  }

  @Produces
  @Singleton
  MessageSigning messageSigning(LiveDkimKeys keys) {
    return new DkimSigning(keys::current, new DkimSigner(Clock.systemUTC()));
  }

  @Produces
  @Singleton
  RelayDelivery relayDelivery(TargetResolver resolver, SmtpClient client, DestinationPolicies policies,
      MessageSigning signing, RelayConfig config) {
    return new RelayDelivery(resolver, client, new OutcomeRules(), policies, signing, config.smtpPort(),
        config.destinationRecipientLimit());
  }
}
