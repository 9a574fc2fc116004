package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.devstack.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BatchConsumerLoop#mayBeRepeat} on a real broker: a record that was in the log when the
 * partition was assigned may have been handled by the previous owner; one produced later has not,
 * unless its batch failed and comes again.
 */
class BatchConsumerLoopRepeatTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  static Path dir;

  private static KafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(dir.resolve("kafka"));
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void recordsInTheLogAtAssignmentAndOfAFailedBatchMayBeRepeats() throws Exception {
    String topic = "repeat-test-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    send(topic, "before-1", "before-2");

    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    AtomicBoolean failNext = new AtomicBoolean();
    AtomicReference<BatchConsumerLoop> loop = new AtomicReference<>();
    loop.set(new BatchConsumerLoop(DurableKafka.consumer(DurableKafka.at(broker.bootstrapServers()),
        "group-" + UUID.randomUUID(), 100), topic, batch -> {
          for (ConsumerRecord<String, byte[]> r : batch) {
            String value = new String(r.value(), StandardCharsets.US_ASCII);
            int attempt = attempts.merge(value, 1, Integer::sum);
            seen.put(value + "#" + attempt, loop.get().mayBeRepeat(r));
          }
          if (failNext.getAndSet(false)) {
            throw new java.io.IOException("disk full, for the test");
          }
        }));
    loop.get().start();
    try {
      await(() -> seen.containsKey("before-2#1"));
      send(topic, "after-1");
      await(() -> seen.containsKey("after-1#1"));
      failNext.set(true);
      send(topic, "failing-1");
      await(() -> seen.containsKey("failing-1#2"));
      send(topic, "after-2");
      await(() -> seen.containsKey("after-2#1"));
    } finally {
      loop.get().close();
    }
    assertEquals(true, seen.get("before-1#1"), "in the log before the partition was assigned");
    assertEquals(true, seen.get("before-2#1"));
    assertEquals(false, seen.get("after-1#1"), "produced after the assignment, seen once");
    assertEquals(false, seen.get("failing-1#1"));
    assertEquals(true, seen.get("failing-1#2"), "its batch failed: it may have been written half");
    assertEquals(false, seen.get("after-2#1"));
  }

  private static void send(String topic, String... values) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(broker.bootstrapServers()),
        "repeat-test", TIMEOUT)) {
      for (String v : values) {
        producer.send(new ProducerRecord<>(topic, "k", v.getBytes(StandardCharsets.US_ASCII))).get();
      }
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(50);
    }
  }
}
