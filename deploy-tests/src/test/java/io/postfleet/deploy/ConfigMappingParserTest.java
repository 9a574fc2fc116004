package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parser the deployment checks rely on, on the shapes the services' mappings use. */
class ConfigMappingParserTest {
  @Test
  void readsNestedGroupsDefaultsOptionalsAndNames() {
    String source = String.join("\n",
        "/** Settings. {@code {braces} in javadoc} */",
        "@ConfigMapping(prefix = \"postfleet\")",
        "public interface Example {",
        "  /** The SMTP side. */",
        "  Smtp smtp();",
        "  Optional<Tls> tls();",
        "  interface Smtp {",
        "    @WithDefault(\"2525\") int port(); // a listener",
        "    @WithDefault(\"${HOSTNAME:localhost}\")",
        "    String hostname();",
        "    Optional<List<String>> dnsServers();",
        "    @WithName(\"max-conn\") int maxConnections();",
        "    String bindAddress();",
        "  }",
        "  interface Tls { String certFile(); }",
        "  Map<String, Auth> auth();",
        "  Map<String, Level> policy();",
        "  interface Auth { String password(); @WithDefault(\"false\") boolean plain(); }",
        "}");
    List<ConfigKey> keys = ConfigMappingParser.parse(source).orElseThrow();
    assertEquals(List.of(
        new ConfigKey("postfleet.smtp.port", "2525", false),
        new ConfigKey("postfleet.smtp.hostname", "${HOSTNAME:localhost}", false),
        new ConfigKey("postfleet.smtp.dns-servers", null, true),
        new ConfigKey("postfleet.smtp.max-conn", null, false),
        new ConfigKey("postfleet.smtp.bind-address", null, false),
        new ConfigKey("postfleet.tls.cert-file", null, true),
        new ConfigKey("postfleet.auth.*.password", null, true),
        new ConfigKey("postfleet.auth.*.plain", "false", true),
        new ConfigKey("postfleet.policy.*", null, true)), keys);
  }

  @Test
  void mapKeysMatchAnyEnvironmentVariableInTheirPlace() {
    ServiceConfig relay = new ServiceConfig("relay", Map.of(),
        List.of(new ConfigKey("postfleet.relay.auth.*.password", null, true)));
    assertEquals("postfleet.relay.auth.*.password", relay.property("POSTFLEET_RELAY_AUTH_SMARTHOST_TEST_PASSWORD"));
    assertEquals(null, relay.property("POSTFLEET_RELAY_AUTH_PASSWORD"));
  }

  @Test
  void aSourceWithoutAMappingHasNoKeys() {
    assertTrue(ConfigMappingParser.parse("class Beans { String hostname() { return \"x\"; } }").isEmpty());
  }

  @Test
  void theServicesRequireWhatTheirSourcesSayTheyRequire() {
    assertTrue(ServiceConfig.of("queue-manager").requiredProperties().contains("postfleet.admin.token"));
    assertTrue(ServiceConfig.of("smtp-ingress").listenerPorts().containsKey("smtp"));
    assertTrue(ServiceConfig.of("outbound-relay").listenerPorts().keySet().equals(Set.of("http")),
        "outbound-relay's smtp-port is the port of MX hosts, not a listener");
  }
}
