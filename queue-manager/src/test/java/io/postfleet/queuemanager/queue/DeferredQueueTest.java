package io.postfleet.queuemanager.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.queuemanager.config.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The deferred queue on real Kafka and PostgreSQL, with test backoffs of seconds: deferred jobs
 * come in on the results topic, wait, go back to postfleet.delivery.relay, can be held, released,
 * flushed and deleted, and expire into bounces.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class DeferredQueueTest {
  private static final byte[] CONTENT = "Subject: later\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token");
  }

  @Test
  void aDeferredJobWaitsItsBackoffThenGoesBackToTheRelayTopic() throws Exception {
    String id = newQueueId();
    defer(id, Instant.now(), 1, "451 4.3.0 mailbox busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> inQueue(id));
    admin().get("/api/v1/queue/" + id).then().statusCode(200)
        .body("[0].nextHop", equalTo("later.test")).body("[0].attempts", equalTo(1))
        .body("[0].lastError", equalTo("451 4.3.0 mailbox busy"))
        .body("[0].recipients[0]", equalTo("a@later.test"));
    RelayDeliveryJob retried = RelayJobsSent.await(bootstrap, id);
    assertEquals(1, retried.attempts());
    assertEquals(List.of(new RelayDeliveryJob.Recipient("a@later.test", "a@later.test")), retried.recipients());
    await().atMost(Duration.ofSeconds(10)).until(() -> !inQueue(id));
  }

  @Test
  void heldJobsStayUntilReleasedAndDeletionNeedsAReason() throws Exception {
    String held = newQueueId();
    defer(held, Instant.now(), 5, "451 4.3.0 busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> inQueue(held));
    admin().post("/api/v1/queue/" + held + "/hold").then().statusCode(200).body("[0].held", equalTo(true));
    admin().get("/api/v1/queue/summary").then().statusCode(200);
    // Its backoff long past on the scheduler's clock, and a job due then that is not held: once a
    // scheduler pass has retried that one, the pass has also passed over the held one.
    TestClock.advance(Duration.ofHours(1));
    try {
      String control = newQueueId();
      defer(control, Instant.now(), 5, "451 4.3.0 busy");
      RelayJobsSent.await(bootstrap, control);
    } finally {
      TestClock.reset();
    }
    admin().get("/api/v1/queue/" + held).then().statusCode(200).body("[0].held", equalTo(true));
    admin().post("/api/v1/queue/" + held + "/flush").then().statusCode(200).body("[0].held", equalTo(true));
    admin().post("/api/v1/queue/" + held + "/release").then().statusCode(200).body("[0].held", equalTo(false));
    RelayJobsSent.await(bootstrap, held);

    String doomed = newQueueId();
    defer(doomed, Instant.now(), 5, "451 4.3.0 busy");
    await().atMost(Duration.ofSeconds(10)).until(() -> inQueue(doomed));
    admin().post("/api/v1/queue/" + doomed + "/hold").then().statusCode(200);
    admin().delete("/api/v1/queue/" + doomed).then().statusCode(400);
    admin().delete("/api/v1/queue/" + doomed + "?reason=spam run").then().statusCode(204);
    admin().get("/api/v1/queue/" + doomed).then().statusCode(404);
    admin().get("/api/v1/audit?resource=queue&key=" + doomed + "&size=1").then().statusCode(200)
        .body("items[0].action", equalTo("delete")).body("items[0].before.reason", equalTo("spam run"));
  }

  @Test
  void aJobPastTheMaximalLifetimeBouncesInsteadOfRetrying() throws Exception {
    String id = newQueueId();
    defer(id, Instant.now().minus(Duration.ofDays(6)), 40, "451 4.3.0 still busy");
    await().atMost(Duration.ofSeconds(15)).until(() -> admin().get("/api/v1/messages/" + id + "/deliveries").then()
        .extract().asString().contains("\"status\":\"bounced\""));
    admin().get("/api/v1/messages/" + id + "/deliveries").then().statusCode(200)
        .body("find { it.status == 'bounced' }.dsn", equalTo("5.4.7"));
    await().atMost(Duration.ofSeconds(5)).until(() -> !inQueue(id));
  }

  private static String newQueueId() {
    return "D" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  private static boolean inQueue(String id) {
    return admin().get("/api/v1/queue/" + id).statusCode() == 200;
  }

  /** What outbound-relay publishes for a deferred recipient: its result, then the job to retry. */
  private void defer(String id, Instant queuedAt, int attempts, String reply) throws Exception {
    RelayDeliveryJob job = new RelayDeliveryJob(id, "info@mail.example.test", "later.test",
        List.of(new RelayDeliveryJob.Recipient("a@later.test", "a@later.test")), EsmtpOptions.NONE, queuedAt,
        attempts, CONTENT);
    DeliveryResult result = new DeliveryResult(id, "a@later.test", "a@later.test",
        new DeliveryOutcome.Deferred("4.3.0", "mx.later.test[127.0.0.1]:25", reply), AttemptFacts.at("rcpt", 5),
        Instant.now());
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, id, WireFormat.encode(result))).get();
      producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, id, WireFormat.encode(job))).get();
    }
  }
}
