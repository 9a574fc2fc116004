package io.postfleet.queuemanager.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
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
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A message on postfleet.inbound becomes delivery jobs on real Kafka, by maps changed through the API. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class InboundRoutingTest {
  private static final byte[] CONTENT = "Subject: route me\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

  @Inject
  LiveRecipientMaps maps;

  @Inject
  AgroalDataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aliasExpandsIntoLocalAndRelayJobsAndResultsAreRecorded() throws Exception {
    api("/api/v1/domains", "{\"name\":\"route.example.test\"}");
    api("/api/v1/mailboxes", "{\"address\":\"request@route.example.test\"}");
    api("/api/v1/aliases", "{\"address\":\"sales@route.example.test\",\"targets\":"
        + "[\"request@route.example.test\",\"partner@remote.test\"]}");
    await().atMost(Duration.ofSeconds(2))
        .until(() -> maps.status("sales@route.example.test") == RecipientStatus.LOCAL);

    String queueId = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    Envelope envelope = new Envelope(queueId, "info@route.example.test", List.of("sales@route.example.test"),
        "127.0.0.1", "localhost", "test", "ESMTP", "", "", Instant.now(), CONTENT.length, EsmtpOptions.NONE, "");
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.INBOUND, queueId,
          WireFormat.encode(new InboundMessage(envelope, CONTENT)))).get();
    }

    LocalDeliveryJob local = WireFormat.decodeLocalJob(awaitRecord(Topics.DELIVERY_LOCAL, queueId, true).value());
    assertEquals("request@route.example.test", local.mailbox());
    assertEquals("sales@route.example.test", local.originalRecipient());
    assertArrayEquals(CONTENT, local.content());
    ConsumerRecord<String, byte[]> relayRecord = awaitRecord(Topics.DELIVERY_RELAY, queueId, false);
    assertEquals("remote.test", relayRecord.key());
    RelayDeliveryJob relay = WireFormat.decodeRelayJob(relayRecord.value());
    assertEquals(List.of(new RelayDeliveryJob.Recipient("partner@remote.test", "sales@route.example.test")),
        relay.recipients());

    DeliveryResult result = new DeliveryResult(queueId, "request@route.example.test", "sales@route.example.test",
        new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), AttemptFacts.at("local", 3), Instant.now());
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, queueId, WireFormat.encode(result))).get();
      producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, queueId, WireFormat.encode(result))).get();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> loggedStatuses(queueId).equals(List.of("sent")));
  }

  /** The mailbox's format, set through the API, reaches local-delivery in the job. */
  @Test
  void aJobForAnMboxMailboxSaysSo() throws Exception {
    api("/api/v1/domains", "{\"name\":\"mbox.example.test\"}");
    api("/api/v1/mailboxes", "{\"address\":\"ann@mbox.example.test\",\"format\":\"MBOX\"}");
    api("/api/v1/mailboxes", "{\"address\":\"bob@mbox.example.test\"}");
    await().atMost(Duration.ofSeconds(2))
        .until(() -> maps.status("bob@mbox.example.test") == RecipientStatus.LOCAL);

    String queueId = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    Envelope envelope = new Envelope(queueId, "info@mbox.example.test",
        List.of("ann@mbox.example.test", "bob@mbox.example.test"), "127.0.0.1", "localhost", "test", "ESMTP", "", "",
        Instant.now(), CONTENT.length, EsmtpOptions.NONE, "");
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.INBOUND, queueId,
          WireFormat.encode(new InboundMessage(envelope, CONTENT)))).get();
    }
    List<LocalDeliveryJob> jobs = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "mbox-test-" + UUID.randomUUID(), 100)) {
      consumer.subscribe(List.of(Topics.DELIVERY_LOCAL));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          LocalDeliveryJob job = WireFormat.decodeLocalJob(r.value());
          if (job.queueId().equals(queueId)) {
            jobs.add(job);
          }
        }
        return jobs.size() == 2;
      });
    }
    for (LocalDeliveryJob job : jobs) {
      assertEquals(job.mailbox().startsWith("ann@") ? MailboxFormat.MBOX : MailboxFormat.MAILDIR, job.format(),
          job.mailbox());
    }
  }

  private static void api(String path, String body) {
    given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON).body(body)
        .post(path).then().statusCode(201);
  }

  /** Reads the topic from the start with a group of its own until a record of this message shows up. */
  private ConsumerRecord<String, byte[]> awaitRecord(String topic, String queueId, boolean local) {
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          String id = local
              ? WireFormat.decodeLocalJob(r.value()).queueId()
              : WireFormat.decodeRelayJob(r.value()).queueId();
          if (id.equals(queueId)) {
            return r;
          }
        }
      }
    }
    throw new AssertionError("no record for " + queueId + " on " + topic);
  }

  private List<String> loggedStatuses(String queueId) throws Exception {
    List<String> statuses = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select status from delivery_log where queue_id = ?")) {
      s.setString(1, queueId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          statuses.add(rs.getString(1));
        }
      }
    }
    return statuses;
  }
}
