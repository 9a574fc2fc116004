package io.postfleet.localdelivery.delivery;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * postfleet.delivery.bench-delay (for bench/scale.sh) makes each delivery take at least that long:
 * the attempt's elapsed time in its result covers it, and the mail is still delivered.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@TestProfile(BenchDelayTest.SlowDelivery.class)
class BenchDelayTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long DELAY_MILLIS = 1500;

  /** Maildirs under target/, an HTTP port of the OS's choosing, and the delay. */
  public static class SlowDelivery implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.maildir.root", "target/bench-delay-test-mail", "quarkus.http.test-port", "0",
          "postfleet.delivery.bench-delay", DELAY_MILLIS + "ms");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void eachDeliveryTakesAtLeastTheBenchDelay() throws Exception {
    String queueId = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    String mailbox = "slow@bd.example.test";
    LocalDeliveryJob job = new LocalDeliveryJob(queueId, "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE,
        Instant.now(), "Subject: slow\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "");
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, mailbox, WireFormat.encode(job))).get();
    }
    DeliveryResult result = result(queueId);
    assertTrue(result.outcome() instanceof DeliveryOutcome.Delivered, result.outcome().toString());
    assertTrue(result.facts().elapsedMillis() >= DELAY_MILLIS,
        "elapsed " + result.facts().elapsedMillis() + " ms, bench-delay " + DELAY_MILLIS + " ms");
  }

  private DeliveryResult result(String queueId) {
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(Topics.DELIVERY_RESULTS));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (queueId.equals(r.key())) {
            return WireFormat.decodeResult(r.value());
          }
        }
      }
    }
    throw new AssertionError("no result for " + queueId);
  }
}
