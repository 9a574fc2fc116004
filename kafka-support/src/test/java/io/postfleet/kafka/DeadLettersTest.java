package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeadLetterHeaders;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.NewerRecordVersionException;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.KafkaBroker;
import io.postfleet.devstack.PostfleetTopics;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * {@link DeadLetters} with {@link BatchConsumerLoop} on a real broker: an unreadable record is set
 * aside on the dead-letter topic and the partition moves on, but the batch's offsets are committed
 * only once Kafka has the dead letter; a newer record is no dead letter.
 */
class DeadLettersTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final byte[] GARBAGE = "definitely not a Postfleet record".getBytes(StandardCharsets.US_ASCII);

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
  void anUnreadableRecordGoesToTheDeadLetterTopicAndTheValidOneBehindItIsHandled() throws Exception {
    String topic = newTopic();
    LocalDeliveryJob job = job();
    send(topic, job);
    List<LocalDeliveryJob> handled = new CopyOnWriteArrayList<>();
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "dead-letters", TIMEOUT)) {
      DeadLetters deadLetters = new DeadLetters(producer, "test-service", TIMEOUT);
      String group = "group-" + UUID.randomUUID();
      BatchConsumerLoop loop = new BatchConsumerLoop(DurableKafka.consumer(at(), group, 100), topic,
          batch -> deadLetters.read(batch, WireFormat::decodeLocalJob).forEach(d -> handled.add(d.value())));
      loop.start();
      try {
        awaitTrue(() -> committed(group, topic) != null && committed(group, topic) == 2L,
            "offsets committed past both");
      } finally {
        loop.close();
      }
    }
    assertEquals(List.of(job.queueId()), handled.stream().map(LocalDeliveryJob::queueId).toList());

    ConsumerRecord<String, byte[]> deadLetter = deadLetterFrom(topic);
    assertEquals("key-1", deadLetter.key());
    assertArrayEquals(GARBAGE, deadLetter.value());
    assertEquals("0", header(deadLetter, DeadLetterHeaders.SOURCE_PARTITION));
    assertEquals("0", header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET));
    assertEquals("test-service", header(deadLetter, DeadLetterHeaders.SERVICE));
    assertEquals("not a Postfleet record", header(deadLetter, DeadLetterHeaders.ERROR));
    assertTrue(header(deadLetter, DeadLetterHeaders.FAILED_AT).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
  }

  @Test
  void whileKafkaDoesNotAcknowledgeTheDeadLetterTheBatchIsNeverCommitted() throws Exception {
    String topic = newTopic();
    send(topic, job());
    AtomicInteger attempts = new AtomicInteger();
    List<LocalDeliveryJob> handled = new CopyOnWriteArrayList<>();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // A dead-letter producer whose broker is gone: every send times out after a second.
    try (KafkaProducer<String, byte[]> unreachable = DurableKafka.producer(DurableKafka.at("127.0.0.1:" + closedPort),
        "dead-letters", Duration.ofSeconds(1))) {
      DeadLetters deadLetters = new DeadLetters(unreachable, "test-service", Duration.ofSeconds(1));
      String group = "group-" + UUID.randomUUID();
      BatchConsumerLoop loop = new BatchConsumerLoop(DurableKafka.consumer(at(), group, 100), topic, batch -> {
        attempts.incrementAndGet();
        deadLetters.read(batch, WireFormat::decodeLocalJob).forEach(d -> handled.add(d.value()));
      });
      loop.start();
      try {
        awaitTrue(() -> attempts.get() >= 3, "the batch retried");
        assertNull(committed(group, topic), "committed although the dead letter was never acknowledged");
      } finally {
        loop.close();
      }
    }
    assertEquals(List.of(), handled);
  }

  @Test
  void aRecordOfANewerVersionIsNoDeadLetterButFailsTheBatch() throws Exception {
    byte[] newer = WireFormat.encode(job());
    newer[3] = (byte) (WireFormat.VERSION + 1);
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "dead-letters", TIMEOUT)) {
      DeadLetters deadLetters = new DeadLetters(producer, "test-service", TIMEOUT);
      List<ConsumerRecord<String, byte[]>> batch = List.of(new ConsumerRecord<>("some.topic", 0, 7L, "k", newer));
      assertThrows(NewerRecordVersionException.class, () -> deadLetters.read(batch, WireFormat::decodeLocalJob));
    }
  }

  private static LocalDeliveryJob job() {
    String id = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
    return new LocalDeliveryJob(id, "a@example.test", "b@example.test", "b@example.test", EsmtpOptions.NONE,
        Instant.EPOCH, "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "");
  }

  /** A topic of one partition for one test, so tests share nothing but the dead-letter topic. */
  private static String newTopic() throws Exception {
    String name = "dead-letters-test-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    return name;
  }

  /** The garbage, then a valid job with the same key: offsets 0 and 1 of the one partition. */
  private static void send(String topic, LocalDeliveryJob job) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(at(), "test", TIMEOUT)) {
      producer.send(new ProducerRecord<>(topic, "key-1", GARBAGE)).get();
      producer.send(new ProducerRecord<>(topic, "key-1", WireFormat.encode(job))).get();
    }
  }

  private static Long committed(String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
    return offset == null ? null : offset.offset();
  }

  private static ConsumerRecord<String, byte[]> deadLetterFrom(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(at(), "reader-" + UUID.randomUUID(), 100)) {
      consumer.subscribe(List.of(Topics.DEAD_LETTERS));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (topic.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no dead letter from " + topic);
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

  /** A condition that may ask the broker. */
  private interface Check {
    boolean ok() throws Exception;
  }

  private static Map<String, Object> at() {
    return DurableKafka.at(broker.bootstrapServers());
  }
}
