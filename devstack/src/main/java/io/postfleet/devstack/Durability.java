package io.postfleet.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The durability a running stack gives an acknowledged record and a committed row, read back from
 * the servers themselves (never from the settings we meant to give them), so a benchmark can say
 * what it measured. Kafka fsyncs before its ack only where {@code flush.messages} is 1; PostgreSQL
 * only with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on.
 */
public final class Durability {
  /** The PostgreSQL settings without which a reported commit may be lost in a crash. */
  public static final List<String> POSTGRES_SETTINGS = List.of("fsync", "synchronous_commit", "full_page_writes");

  private Durability() {}

  /**
   * Prints one line about the stack of {@code var/local.env}. Arguments: Kafka's bootstrap servers,
   * then PostgreSQL's JDBC URL, user and password.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> kafka = kafkaFlushMessages(args[0]);
    Map<String, String> postgres = postgresSettings(args[1], args[2], args[3]);
    System.out.println("durability: " + describe(kafka, postgres));
  }

  /**
   * {@code flush.messages} of every topic on the broker, internal ones included, keyed by topic,
   * and the broker's {@code log.flush.interval.messages} under the key {@code broker <id>}.
   */
  public static Map<String, String> kafkaFlushMessages(String bootstrapServers)
      throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<ConfigResource> resources = new ArrayList<>();
      for (Node node : admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)) {
        resources.add(new ConfigResource(ConfigResource.Type.BROKER, node.idString()));
      }
      for (String topic : admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30,
          TimeUnit.SECONDS)) {
        resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic));
      }
      Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      Map<String, String> flush = new TreeMap<>();
      configs.forEach(
          (resource, config) -> {
            if (resource.type() == ConfigResource.Type.BROKER) {
              flush.put("broker " + resource.name(), config.get("log.flush.interval.messages").value());
            } else {
              flush.put(resource.name(), config.get(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG).value());
            }
          });
      return flush;
    }
  }

  /** The values of {@link #POSTGRES_SETTINGS} as the server reports them ({@code show}). */
  public static Map<String, String> postgresSettings(String jdbcUrl, String user, String password)
      throws SQLException {
    Map<String, String> settings = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
        Statement statement = c.createStatement()) {
      for (String setting : POSTGRES_SETTINGS) {
        try (ResultSet rows = statement.executeQuery("show " + setting)) {
          rows.next();
          settings.put(setting, rows.getString(1));
        }
      }
    }
    return settings;
  }

  /** One line: whether Kafka fsyncs before its ack on every topic, and PostgreSQL's settings. */
  static String describe(Map<String, String> kafkaFlush, Map<String, String> postgres) {
    boolean kafkaDurable = kafkaFlush.values().stream().allMatch("1"::equals);
    boolean postgresDurable = postgres.values().stream().allMatch("on"::equals);
    // Sorted, so that the same servers always give the same line.
    String byValue = new TreeMap<>(kafkaFlush).entrySet().stream()
        .collect(
            Collectors.groupingBy(
                Map.Entry::getValue,
                TreeMap::new,
                Collectors.mapping(Map.Entry::getKey, Collectors.joining(", "))))
        .entrySet()
        .stream()
        .map(e -> "flush.messages=" + e.getKey() + " on " + e.getValue())
        .collect(Collectors.joining("; "));
    return (kafkaDurable && postgresDurable ? "FSYNC BEFORE ACK" : "NOT FSYNCED BEFORE ACK")
        + " (Kafka: "
        + byValue
        + "; PostgreSQL: "
        + new TreeMap<>(postgres).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "))
        + ")";
  }
}
