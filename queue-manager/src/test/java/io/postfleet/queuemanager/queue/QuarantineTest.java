package io.postfleet.queuemanager.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A message smtp-ingress accepted but quarantined, on real Kafka and PostgreSQL: the router holds
 * its jobs (local and relay) instead of publishing them, the queue shows it HELD with the reason,
 * and it is delivered only after an admin releases it, or never when one deletes it.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class QuarantineTest {
  private static final String REASON = "dmarc=fail (p=quarantine) header.from=sender.test";

  @Inject
  LiveRecipientMaps maps;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token");
  }

  @Test
  void aQuarantinedMessageIsHeldWithItsReasonAndDeliveredOnlyAfterRelease() throws Exception {
    String local = localDomain();
    String remote = "far-" + suffix() + ".test";
    String id = "Q" + suffix().toUpperCase(Locale.ROOT);
    byte[] content = ("Subject: held " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Tail localTopic = new Tail(bootstrap, Topics.DELIVERY_LOCAL);
        Tail relayTopic = new Tail(bootstrap, Topics.DELIVERY_RELAY)) {
      publish(id, List.of("box@" + local, "x@" + remote), content, REASON);

      await().atMost(Duration.ofSeconds(15))
          .until(() -> admin().get("/api/v1/queue?state=HELD&domain=" + local).then().extract().jsonPath()
              .getList("items.queueId").contains(id));
      admin().get("/api/v1/queue?state=HELD&sender=ann@sender.test").then().statusCode(200)
          .body("items.find { it.queueId == '" + id + "' }.quarantine", equalTo(REASON))
          .body("items.find { it.queueId == '" + id + "' }.recipients.state", everyItem(equalTo("HELD")))
          .body("items.find { it.queueId == '" + id + "' }.recipients.lastError", everyItem(equalTo(REASON)));
      admin().get("/api/v1/queue/messages/" + id).then().statusCode(200)
          .body("quarantine", equalTo(REASON))
          .body("recipients.state", everyItem(equalTo("HELD")))
          .body("recipients.nextHop", containsInAnyOrder(QuarantinedJobs.LOCAL + "box@" + local, remote));
      admin().get("/api/v1/queue/" + id).then().statusCode(200)
          .body("held", everyItem(equalTo(true))).body("lastError", everyItem(equalTo(REASON)))
          .body("nextHop", containsInAnyOrder(QuarantinedJobs.LOCAL + "box@" + local, remote));

      // The scanner runs every 200 ms in tests: a held job it would send shows up well within this.
      Thread.sleep(1500);
      assertTrue(localTopic.ofMessage(id).isEmpty(), "nothing delivered to the mailbox while held");
      assertTrue(relayTopic.ofMessage(id).isEmpty(), "nothing relayed while held");

      admin().post("/api/v1/queue/" + id + "/release").then().statusCode(200)
          .body("held", everyItem(equalTo(false)));
      LocalDeliveryJob delivered = WireFormat.decodeLocalJob(localTopic.await(id));
      assertEquals("box@" + local, delivered.mailbox());
      assertArrayEquals(content, delivered.content());
      RelayDeliveryJob relayed = WireFormat.decodeRelayJob(relayTopic.await(id));
      assertEquals(remote, relayed.nextHop());
      assertEquals("x@" + remote, relayed.recipients().get(0).address());
      await().atMost(Duration.ofSeconds(10)).until(
          () -> admin().get("/api/v1/queue/messages/" + id).then().extract().jsonPath().getList("recipients.state")
              .stream().allMatch("IN_FLIGHT"::equals));
      admin().get("/api/v1/audit?resource=queue&key=" + id).then().statusCode(200)
          .body("items[0].after.action", equalTo("release"));
    }
  }

  @Test
  void aDeletedQuarantinedMessageIsNeverDeliveredAndAMessageWithoutReasonIsNotHeld() throws Exception {
    String local = localDomain();
    String held = "Q" + suffix().toUpperCase(Locale.ROOT);
    String plain = "Q" + suffix().toUpperCase(Locale.ROOT);
    byte[] content = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    try (Tail localTopic = new Tail(bootstrap, Topics.DELIVERY_LOCAL)) {
      publish(held, List.of("box@" + local), content, REASON);
      publish(plain, List.of("box@" + local), content, "");
      localTopic.await(plain);
      admin().get("/api/v1/queue/messages/" + plain).then().statusCode(200)
          .body("quarantine", nullValue()).body("recipients[0].state", equalTo("IN_FLIGHT"));
      await().atMost(Duration.ofSeconds(15)).until(() -> admin().get("/api/v1/queue/" + held).statusCode() == 200);

      admin().delete("/api/v1/queue/" + held + "?reason=spam").then().statusCode(204);
      admin().get("/api/v1/queue/messages/" + held).then().statusCode(404);
      Thread.sleep(1000);
      assertTrue(localTopic.ofMessage(held).isEmpty(), "a deleted quarantined message is never delivered");
    }
  }

  @Test
  void aDomainWhoseQuarantineIsJunkGetsTheMessageInItsJunkFolderAtOnce() throws Exception {
    String local = localDomain();
    String remote = "far-" + suffix() + ".test";
    admin().contentType(ContentType.JSON).body("{\"quarantine\":\"junk\"}")
        .put("/api/v1/policy/domains/" + local).then().statusCode(200);
    String id = "Q" + suffix().toUpperCase(Locale.ROOT);
    byte[] content = ("Subject: junk " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    try (Tail localTopic = new Tail(bootstrap, Topics.DELIVERY_LOCAL)) {
      publish(id, List.of("box@" + local, "x@" + remote), content, REASON);
      LocalDeliveryJob junked = WireFormat.decodeLocalJob(localTopic.await(id));
      assertEquals("box@" + local, junked.mailbox());
      assertEquals(".Junk", junked.folder());
      admin().get("/api/v1/queue/messages/" + id).then().statusCode(200)
          .body("quarantine", equalTo(REASON))
          .body("recipients.find { it.address == 'box@" + local + "' }.state", equalTo("IN_FLIGHT"))
          .body("recipients.find { it.address == 'x@" + remote + "' }.state", equalTo("HELD"));
      admin().get("/api/v1/queue/" + id).then().statusCode(200).body("nextHop", containsInAnyOrder(remote));
    } finally {
      admin().delete("/api/v1/policy/domains/" + local).then().statusCode(204);
    }
  }

  private String localDomain() {
    String domain = "q-" + suffix() + ".test";
    admin().contentType(ContentType.JSON).body("{\"name\":\"" + domain + "\"}").post("/api/v1/domains")
        .then().statusCode(201);
    admin().contentType(ContentType.JSON).body("{\"address\":\"box@" + domain + "\"}").post("/api/v1/mailboxes")
        .then().statusCode(201);
    await().atMost(Duration.ofSeconds(5)).until(() -> maps.status("box@" + domain) == RecipientStatus.LOCAL);
    return domain;
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** What smtp-ingress publishes for an accepted message, quarantined when a reason is given. */
  private void publish(String id, List<String> recipients, byte[] content, String quarantine) throws Exception {
    Envelope envelope = new Envelope(id, "ann@sender.test", recipients, "192.0.2.7", "unknown", "client.test",
        "ESMTP", "", "", Instant.now(), content.length, EsmtpOptions.NONE, quarantine);
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.INBOUND, id, WireFormat.encode(new InboundMessage(envelope, content))))
          .get();
    }
  }

  /** Reads a delivery topic from its end as it was when opened, keeping the values sent since. */
  private static final class Tail implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<byte[]> seen = new ArrayList<>();

    Tail(String bootstrap, String topic) {
      consumer = DurableKafka.consumer(DurableKafka.at(bootstrap), "test-" + UUID.randomUUID(), 500);
      consumer.assign(consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
      consumer.seekToEnd(consumer.assignment());
      consumer.assignment().forEach(consumer::position);
    }

    /** The values of this message's jobs seen so far. */
    List<byte[]> ofMessage(String queueId) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        seen.add(r.value());
      }
      return seen.stream().filter(v -> queueIdOf(v).equals(queueId)).toList();
    }

    byte[] await(String queueId) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        List<byte[]> found = ofMessage(queueId);
        if (!found.isEmpty()) {
          return found.get(0);
        }
      }
      throw new AssertionError("no job of " + queueId + " sent");
    }

    private static String queueIdOf(byte[] value) {
      return WireFormat.isLocalJob(value)
          ? WireFormat.decodeLocalJob(value).queueId()
          : WireFormat.decodeRelayJob(value).queueId();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
