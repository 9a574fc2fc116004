package io.postfleet.localdelivery.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeadLetterHeaders;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A record on postfleet.delivery.local that is no delivery job, followed by a valid job for the same
 * mailbox: the job is delivered, the garbage lands on postfleet.dead-letters with its origin, and
 * local-delivery's committed offset is past both. outbound-relay sets records aside through the same
 * kafka-support code.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@TestProfile(LocalDeliveryDeadLetterTest.TempMaildir.class)
class LocalDeliveryDeadLetterTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] GARBAGE = "PF\u0002\u0001 then nothing that parses".getBytes(StandardCharsets.ISO_8859_1);

  /** Maildirs under target/, and an HTTP port of the OS's choosing. */
  public static class TempMaildir implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.maildir.root", "target/dead-letter-test-mail", "quarkus.http.test-port", "0");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void anUnreadableJobIsSetAsideAndTheJobBehindItIsDelivered() throws Exception {
    String queueId = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    String mailbox = "inbox@dl.example.test";
    LocalDeliveryJob job = new LocalDeliveryJob(queueId, "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE,
        Instant.now(), "Subject: behind garbage\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "");
    RecordMetadata garbage;
    RecordMetadata valid;
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      garbage = producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, mailbox, GARBAGE)).get();
      valid = producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, mailbox, WireFormat.encode(job))).get();
    }
    assertEquals(garbage.partition(), valid.partition());

    ConsumerRecord<String, byte[]> resultRecord = find(Topics.DELIVERY_RESULTS, r -> queueId.equals(r.key()));
    DeliveryResult result = WireFormat.decodeResult(resultRecord.value());
    assertTrue(result.outcome() instanceof DeliveryOutcome.Delivered, result.outcome().toString());

    ConsumerRecord<String, byte[]> deadLetter = find(Topics.DEAD_LETTERS, r -> mailbox.equals(r.key())
        && Topics.DELIVERY_LOCAL.equals(header(r, DeadLetterHeaders.SOURCE_TOPIC)));
    assertArrayEquals(GARBAGE, deadLetter.value());
    assertEquals(Integer.toString(garbage.partition()), header(deadLetter, DeadLetterHeaders.SOURCE_PARTITION));
    assertEquals(Long.toString(garbage.offset()), header(deadLetter, DeadLetterHeaders.SOURCE_OFFSET));
    assertEquals("local-delivery", header(deadLetter, DeadLetterHeaders.SERVICE));
    assertTrue(header(deadLetter, DeadLetterHeaders.ERROR).startsWith("bad length"),
        header(deadLetter, DeadLetterHeaders.ERROR));

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (committed(valid) <= valid.offset() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(valid.offset() + 1, committed(valid), "local-delivery's committed offset");
  }

  private long committed(RecordMetadata record) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("local-delivery")
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      OffsetAndMetadata offset = offsets.get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Reads the topic from the start with a group of its own until a record matches. */
  private ConsumerRecord<String, byte[]> find(String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (wanted.test(r)) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no such record on " + topic);
  }
}
