package io.postfleet.outboundrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.outboundrelay.route.NextHop;
import io.postfleet.outboundrelay.smtp.Destination;
import io.postfleet.outboundrelay.smtp.DestinationPolicies;
import io.postfleet.outboundrelay.smtp.TlsLevel;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The configuration keys as an operator writes them, read through the real mapping. */
class RelayConfigTest {

  @Test
  void defaultsAreOpportunisticTlsAndPostfixsLimits() {
    RelayConfig config = read(Map.of());

    assertEquals(TlsLevel.MAY, config.tls().defaultPolicy());
    assertTrue(config.tls().policy().isEmpty());
    assertTrue(config.auth().isEmpty());
    assertEquals(20, config.connections().destinationConcurrencyLimit());
    assertEquals(100, config.connections().totalConcurrencyLimit());
    assertEquals(Duration.ofSeconds(2), config.connections().idleTimeout());
    assertEquals(Duration.ofSeconds(300), config.timeout().starttls());
    assertEquals(50, config.destinationRecipientLimit());
  }

  @Test
  void perDestinationTlsAndAuthWithQuotedNextHops() {
    RelayConfig config = read(Map.of(
        "postfleet.relay.tls.policy.\"[smtp.provider.test]:587\"", "verify",
        "postfleet.relay.tls.policy.\"bank.test\"", "encrypt",
        "postfleet.relay.tls.policy.\".legacy.test\"", "none",
        "postfleet.relay.auth.\"[smtp.provider.test]:587\".username", "postfleet",
        "postfleet.relay.auth.\"[smtp.provider.test]:587\".password", "s3cret"));
    DestinationPolicies policies = new RelayBeans().destinationPolicies(config);

    Destination provider = policies.forNextHop("[smtp.provider.test]:587",
        NextHop.parse("[smtp.provider.test]:587", 25));
    assertEquals(TlsLevel.VERIFY, provider.tls());
    assertEquals("postfleet", provider.credentials().orElseThrow().username());
    assertFalse(provider.credentials().orElseThrow().allowPlaintext());
    assertEquals(TlsLevel.ENCRYPT, policies.forNextHop("bank.test", NextHop.parse("bank.test", 25)).tls());
    assertEquals(TlsLevel.NONE, policies.forNextHop("mx.legacy.test", NextHop.parse("mx.legacy.test", 25)).tls());
    Destination other = policies.forNextHop("outside.test", NextHop.parse("outside.test", 25));
    assertEquals(TlsLevel.MAY, other.tls());
    assertEquals(Optional.empty(), other.credentials());
  }

  @Test
  void theDkimMasterKeyIsTheOneQueueManagerReads() throws Exception {
    String key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    assertEquals(Optional.of(key),
        withApplicationProperties(Map.of("postfleet.dkim.master-key", key)).dkim().masterKey());
    assertEquals(Optional.empty(), withApplicationProperties(Map.of()).dkim().masterKey());
    assertEquals(Duration.ofMillis(500), withApplicationProperties(Map.of()).dkim().refreshInterval());
  }

  /** The service's own application.properties under the given (environment-like) settings. */
  private static RelayConfig withApplicationProperties(Map<String, String> properties) throws Exception {
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withMapping(RelayConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(properties, "test", 300))
        .withSources(new PropertiesConfigSource(RelayConfigTest.class.getResource("/application.properties"), 250))
        .build();
    return config.getConfigMapping(RelayConfig.class);
  }

  private static RelayConfig read(Map<String, String> properties) {
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .withMapping(RelayConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build();
    return config.getConfigMapping(RelayConfig.class);
  }
}
