package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Where a topic has one replica (docker-compose.yml, the dev overlay), the broker fsyncs every
 * append before its ack, the consumer offsets included, as Postfix fsyncs its queue file before
 * {@code 250}; production keeps Kafka's flush policy because two brokers hold each record before the
 * ack (README.md, "Durability"). PostgreSQL keeps fsync and synchronous commits.
 */
class SingleReplicaDurabilityTest {
  @Test
  void composeKafkaHasOneReplicaAndFsyncsEveryAppendBeforeTheAck() {
    String topics = String.valueOf(DockerComposeTest.service("kafka-topics").get("command"));
    assertTrue(topics.contains("--replication-factor 1"), topics);
    Map<String, String> kafka = DockerComposeTest.environment("kafka");
    assertEquals("1", kafka.get("KAFKA_LOG_FLUSH_INTERVAL_MESSAGES"), "log.flush.interval.messages");
    assertEquals("1", kafka.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
    assertFalse(kafka.containsKey("KAFKA_LOG_FLUSH_INTERVAL_MS"), "a time-based flush would only weaken it");
  }

  @Test
  void composePostgresqlFsyncsEveryCommit() {
    String command = String.valueOf(DockerComposeTest.service("postgres").get("command"));
    for (String setting : new String[] {"fsync=on", "synchronous_commit=on", "full_page_writes=on"}) {
      assertTrue(command.contains(setting), command);
    }
    assertFalse(command.contains("=off"), command);
  }

  @Test
  void devKafkaHasOneReplicaAndFsyncsEveryAppendBeforeTheAck() {
    Rendered dev = Kustomize.overlay("dev");
    Properties broker = new Properties();
    try {
      broker.load(new StringReader(dev.configMapData("kafka-config").orElseThrow().get("server.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals("1", broker.getProperty("log.flush.interval.messages"));
    assertEquals("1", broker.getProperty("offsets.topic.replication.factor"));
    Job job = dev.get(Job.class, "kafka-topics");
    String script = String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
    assertTrue(script.contains("--replication-factor 1"), script);
  }

  @Test
  void productionAcknowledgesOnlyWhatTwoBrokersHaveAndNeverElectsALaggingOne() {
    Rendered production = Kustomize.overlay("production");
    GenericKubernetesResource kafka = production.custom("Kafka").get(0);
    Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) ServicesAndReferencesTest.spec(kafka).get("kafka")).get("config");
    assertEquals(2, ((Number) config.get("min.insync.replicas")).intValue());
    assertEquals(3, ((Number) config.get("offsets.topic.replication.factor")).intValue());
    // An unclean election would make a replica that missed acknowledged records the leader.
    assertFalse(Boolean.TRUE.equals(config.get("unclean.leader.election.enable")));
  }
}
