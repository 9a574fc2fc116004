package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Drives the resource as Quarkus does, without an application: start() and the config it returns.
 */
class DevstackTestResourceTest {
  @Test
  void handsOutOneKafkaWithTopicsAndOnePostgresPerJvm() throws Exception {
    Map<String, String> first = started(Map.of());
    Map<String, String> second = started(Map.of());
    assertEquals(first, second, "the second test class gets the same servers");
    assertEquals(
        Set.of(
            "kafka.bootstrap.servers",
            "quarkus.datasource.jdbc.url",
            "quarkus.datasource.username",
            "quarkus.datasource.password"),
        first.keySet());

    try (Admin admin = Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            first.get("kafka.bootstrap.servers")))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertTrue(
          topics.containsAll(
              Set.of(
                  Topics.INBOUND,
                  Topics.DELIVERY_LOCAL,
                  Topics.DELIVERY_RELAY,
                  Topics.DELIVERY_RESULTS)),
          topics.toString());
    }
    try (Connection c = DriverManager.getConnection(
        first.get("quarkus.datasource.jdbc.url"),
        first.get("quarkus.datasource.username"),
        first.get("quarkus.datasource.password"))) {
      assertTrue(c.isValid(5));
    }

    Map<String, String> kafkaOnly = started(Map.of("postgres", "false"));
    assertEquals(
        Map.of("kafka.bootstrap.servers", first.get("kafka.bootstrap.servers")), kafkaOnly);
  }

  private static Map<String, String> started(Map<String, String> initArgs) {
    DevstackTestResource resource = new DevstackTestResource();
    resource.init(initArgs);
    Map<String, String> config = resource.start();
    resource.stop();
    return config;
  }
}
