package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's servers fsync before they acknowledge: the broker, every Postfleet topic and
 * the consumer offsets report {@code flush.messages=1}, PostgreSQL its durable settings.
 */
class DurabilityTest {
  private static final String OFFSETS = "__consumer_offsets";

  @TempDir
  Path dir;

  @Test
  void theBrokerEveryTopicAndTheConsumerOffsetsFsyncEachAppend() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
      PostfleetTopics.create(broker.bootstrapServers());
      commitAnOffset(broker.bootstrapServers()); // the broker creates __consumer_offsets lazily
      List<String> topics = new ArrayList<>(KafkaBrokerTest.ALL_TOPICS);
      topics.add(OFFSETS);
      try (Admin admin = Admin.create(
          Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        String nodeId = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().idString();
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, nodeId);
        Config brokerConfig = admin.describeConfigs(List.of(brokerResource)).all().get(30, TimeUnit.SECONDS)
            .get(brokerResource);
        assertEquals("1", brokerConfig.get("log.flush.interval.messages").value());
        for (String topic : topics) {
          ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
          Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
          assertEquals("1", config.get(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG).value(), topic);
        }
      }

      Map<String, String> read = Durability.kafkaFlushMessages(broker.bootstrapServers());
      assertTrue(read.keySet().containsAll(topics), "reads every topic: " + read.keySet());
      assertTrue(read.containsKey("broker 1"), read.keySet().toString());
    }
  }

  @Test
  void postgresqlFsyncsEveryCommitAndWritesFullPages() throws Exception {
    PostgresServer postgres = PostgresServer.startTemporary(dir);
    try {
      Map<String, String> settings = Durability.postgresSettings(postgres.jdbcUrl(), postgres.username(),
          postgres.password());
      assertEquals(
          Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"), settings);
    } finally {
      postgres.stop();
    }
  }

  @Test
  void theReportSaysFsyncBeforeAckOnlyWhenEveryTopicAndPostgresqlDoIt() {
    Map<String, String> postgres = Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");
    String durable = Durability.describe(Map.of("broker 1", "1", Topics.INBOUND, "1", OFFSETS, "1"), postgres);
    assertTrue(durable.startsWith("FSYNC BEFORE ACK "), durable);
    assertTrue(durable.contains("flush.messages=1 on " + OFFSETS + ", broker 1, " + Topics.INBOUND), durable);

    // Kafka's default: the page cache only, flushed when the operating system pleases.
    String pageCache = Durability.describe(
        Map.of("broker 1", "1", Topics.INBOUND, String.valueOf(Long.MAX_VALUE)), postgres);
    assertTrue(pageCache.startsWith("NOT FSYNCED BEFORE ACK "), pageCache);
    assertTrue(pageCache.contains("flush.messages=" + Long.MAX_VALUE + " on " + Topics.INBOUND), pageCache);

    String asyncCommit = Durability.describe(
        Map.of(Topics.INBOUND, "1"),
        Map.of("fsync", "on", "synchronous_commit", "off", "full_page_writes", "on"));
    assertTrue(asyncCommit.startsWith("NOT FSYNCED BEFORE ACK "), asyncCommit);
  }

  private static void commitAnOffset(String bootstrap) {
    TopicPartition partition = new TopicPartition(Topics.INBOUND, 0);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "durability-test",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(0)));
    }
  }
}
