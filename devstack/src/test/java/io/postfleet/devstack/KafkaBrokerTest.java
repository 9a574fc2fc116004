package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {
  static final List<String> ALL_TOPICS = List.of(
      Topics.INBOUND, Topics.DELIVERY_LOCAL, Topics.DELIVERY_RELAY, Topics.DELIVERY_RESULTS,
      Topics.DEAD_LETTERS);

  @TempDir
  Path dir;

  @Test
  void acknowledgedRecordsSurviveKillRestartAndANewStartOnTheSameDirectory() throws Exception {
    byte[] message = "Subject: hello\r\n\r\nfrom the seed\r\n".getBytes(StandardCharsets.US_ASCII);
    RecordMetadata written;
    try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
      PostfleetTopics.create(broker.bootstrapServers());
      PostfleetTopics.create(broker.bootstrapServers()); // a second run finds them and is fine
      assertTopicsAsDesigned(broker.bootstrapServers());

      try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
        written = producer
            .send(new ProducerRecord<>(Topics.INBOUND, "3F2A1B", message))
            .get(30, TimeUnit.SECONDS);
        assertArrayEquals(message, read(broker.bootstrapServers(), written));
        // A message at the SMTP size limit, with its envelope, fits the broker and topic limits.
        byte[] large = new byte[Topics.MAX_RECORD_BYTES - 64 * 1024];
        Arrays.fill(large, (byte) 'x');
        RecordMetadata largeWritten = producer
            .send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, "request@mail.example.test", large))
            .get(30, TimeUnit.SECONDS);
        assertArrayEquals(large, read(broker.bootstrapServers(), largeWritten));

        broker.kill();
        long before = System.nanoTime();
        ExecutionException failure = assertThrows(
            ExecutionException.class,
            () -> producer
                .send(new ProducerRecord<>(Topics.INBOUND, "4B1C2D", message))
                .get(30, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertTrue(
            System.nanoTime() - before < TimeUnit.SECONDS.toNanos(15),
            "failed within the delivery timeout");
      }

      String address = broker.bootstrapServers();
      broker.restart();
      assertArrayEquals(message, read(address, written), "same address, same data");
    }

    // What the local stack does on its second `up`: same directory, new ports, no formatting.
    try (KafkaBroker again = KafkaBroker.start(dir.resolve("kafka"))) {
      assertArrayEquals(message, read(again.bootstrapServers(), written));
    }
  }

  private static void assertTopicsAsDesigned(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<String, TopicDescription> topics = admin.describeTopics(ALL_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
      for (String name : ALL_TOPICS) {
        assertEquals(PostfleetTopics.PARTITIONS, topics.get(name).partitions().size(), name);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        String maxBytes = admin
            .describeConfigs(List.of(resource))
            .all()
            .get(30, TimeUnit.SECONDS)
            .get(resource)
            .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
            .value();
        assertEquals(String.valueOf(Topics.MAX_RECORD_BYTES), maxBytes, name);
      }
    }
  }

  /** As the services' producers are set up, with a short delivery timeout for the kill. */
  private static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            Topics.MAX_RECORD_BYTES,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            2_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            4_000,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            4_000),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static byte[] read(String bootstrap, RecordMetadata written) {
    TopicPartition partition = new TopicPartition(written.topic(), written.partition());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false),
        new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          assertEquals(written.offset(), record.offset());
          return record.value();
        }
      }
    }
    throw new AssertionError("record at " + written + " not found");
  }
}
