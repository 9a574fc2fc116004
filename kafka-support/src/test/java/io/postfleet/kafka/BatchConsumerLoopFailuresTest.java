package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeadLetterHeaders;
import io.postfleet.contract.Topics;
import io.postfleet.devstack.KafkaBroker;
import io.postfleet.devstack.PostfleetTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BatchConsumerLoop} on a real broker with a record its handler always fails on: the record
 * is found among its batch, tried {@link RetryPolicy#maxAttempts()} times, set aside with its error,
 * and the records behind it are handled; a transient failure (the database down) is never set
 * aside, and meanwhile the age of the oldest uncommitted record grows.
 */
class BatchConsumerLoopFailuresTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final RetryPolicy THREE_QUICK_TRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40));

  @TempDir
  static Path dir;

  private static KafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(dir.resolve("kafka"));
    PostfleetTopics.create(broker.bootstrapServers());
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  @AfterAll
  static void stopBroker() {
    admin.close();
    broker.close();
  }

  @Test
  void aRecordThatAlwaysFailsIsSetAsideAfterItsAttemptsAndTheRecordsBehindItAreHandled() throws Exception {
    String topic = newTopic();
    send(topic, "good-1", "poison", "good-2");
    List<String> handled = new CopyOnWriteArrayList<>();
    AtomicInteger poisonTries = new AtomicInteger();
    String group = "group-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "dead-letters", TIMEOUT)) {
      DeadLetters deadLetters = new DeadLetters(producer, "test-service", TIMEOUT);
      BatchConsumerLoop loop = new BatchConsumerLoop(DurableKafka.consumer(at(), group, 100), topic, batch -> {
        List<String> values = batch.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        if (values.contains("poison")) {
          if (values.size() == 1) {
            poisonTries.incrementAndGet();
          }
          throw new IllegalStateException("a bug this record's content triggers");
        }
        handled.addAll(values);
      }, deadLetters, THREE_QUICK_TRIES);
      loop.start();
      try {
        awaitTrue(() -> Long.valueOf(3).equals(committed(group, topic)), "offsets committed past all three");
      } finally {
        loop.close();
      }
    }
    assertEquals(List.of("good-1", "good-2"), handled);
    assertEquals(3, poisonTries.get(), "tries of the poison record alone");

    ConsumerRecord<String, byte[]> deadLetter = deadLetterFrom(topic);
    assertArrayEquals("poison".getBytes(StandardCharsets.UTF_8), deadLetter.value());
    assertEquals("1", header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET));
    assertEquals("test-service", header(deadLetter, DeadLetterHeaders.SERVICE));
    String error = header(deadLetter, DeadLetterHeaders.ERROR);
    assertTrue(error.startsWith("java.lang.IllegalStateException: a bug this record's content triggers at "
        + "io.postfleet.kafka.BatchConsumerLoopFailuresTest"), error);
  }

  @Test
  void aTransientFailureWaitsAsLongAsItLastsAndIsNeverSetAside() throws Exception {
    String topic = newTopic();
    send(topic, "one", "two");
    AtomicBoolean databaseDown = new AtomicBoolean(true);
    AtomicInteger tries = new AtomicInteger();
    List<String> handled = new CopyOnWriteArrayList<>();
    String group = "group-" + UUID.randomUUID();
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "dead-letters", TIMEOUT)) {
      DeadLetters deadLetters = new DeadLetters(producer, "test-service", TIMEOUT);
      BatchConsumerLoop loop = new BatchConsumerLoop(DurableKafka.consumer(at(), group, 100), topic, batch -> {
        tries.incrementAndGet();
        if (databaseDown.get()) {
          // What the PostgreSQL driver throws when the server is gone.
          throw new IllegalStateException("insert failed", new SQLException("Connection refused", "08001"));
        }
        batch.forEach(r -> handled.add(new String(r.value(), StandardCharsets.UTF_8)));
      }, deadLetters, THREE_QUICK_TRIES);
      assertEquals(Duration.ZERO, loop.oldestUncommittedAge());
      loop.start();
      try {
        awaitTrue(() -> tries.get() >= 5, "more tries than the policy allows a failing record");
        Duration waiting = loop.oldestUncommittedAge();
        assertTrue(waiting.compareTo(Duration.ofSeconds(3)) > 0, "oldest uncommitted record waits " + waiting);
        assertEquals(group, loop.group());
        databaseDown.set(false);
        awaitTrue(() -> Long.valueOf(2).equals(committed(group, topic)), "offsets committed once the database is back");
        awaitTrue(() -> loop.oldestUncommittedAge().isZero(), "nothing left uncommitted");
      } finally {
        loop.close();
      }
    }
    assertEquals(List.of("one", "two"), handled);
    assertEquals(0, deadLettersFrom(topic), "dead letters for a transient failure");
  }

  private static String newTopic() throws Exception {
    String name = "failures-test-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return name;
  }

  private static void send(String topic, String... values) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "test", TIMEOUT)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(topic, "key", value.getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  private static Long committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? null : offset.offset();
  }

  private static ConsumerRecord<String, byte[]> deadLetterFrom(String topic) {
    List<ConsumerRecord<String, byte[]>> found = readDeadLetters(topic, TIMEOUT, true);
    if (found.isEmpty()) {
      throw new AssertionError("no dead letter from " + topic);
    }
    return found.get(0);
  }

  private static int deadLettersFrom(String topic) {
    return readDeadLetters(topic, Duration.ofSeconds(3), false).size();
  }

  private static List<ConsumerRecord<String, byte[]>> readDeadLetters(String topic, Duration wait, boolean first) {
    List<ConsumerRecord<String, byte[]>> found = new CopyOnWriteArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(at(), "reader-" + UUID.randomUUID(), 100)) {
      consumer.subscribe(List.of(Topics.DEAD_LETTERS));
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && !(first && !found.isEmpty())) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (topic.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))) {
            found.add(r);
          }
        }
      }
    }
    return found;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static Map<String, Object> at() {
    return DurableKafka.at(broker.bootstrapServers());
  }
}
