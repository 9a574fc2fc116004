package io.postfleet.queuemanager.deadletter;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Garbage on postfleet.inbound and postfleet.delivery.results, each followed in its partition by a
 * valid record, on real Kafka and PostgreSQL: the valid records are handled, the garbage is listed
 * once by the queue API with its origin, and the consumers' committed offsets are past both.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class DeadLetterTest {
  private static final byte[] CONTENT = "Subject: behind garbage\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GARBAGE = "\u0000\u0001 this is no envelope".getBytes(StandardCharsets.ISO_8859_1);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Inject
  LiveRecipientMaps maps;

  @Inject
  AgroalDataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void garbageIsSetAsideListedOnceAndNeverBlocksItsPartition() throws Exception {
    as("test-token").contentType(ContentType.JSON).body("{\"name\":\"dl.example.test\"}").post("/api/v1/domains")
        .then().statusCode(201);
    as("test-token").contentType(ContentType.JSON).body("{\"address\":\"inbox@dl.example.test\"}")
        .post("/api/v1/mailboxes").then().statusCode(201);
    await().atMost(Duration.ofSeconds(5)).until(() -> maps.status("inbox@dl.example.test") == RecipientStatus.LOCAL);

    String queueId = newQueueId();
    Envelope envelope = new Envelope(queueId, "sender@dl.example.test", List.of("inbox@dl.example.test"),
        "127.0.0.1", "localhost", "test", "ESMTP", "", "", Instant.now(), CONTENT.length, EsmtpOptions.NONE, "");
    RecordMetadata[] inbound = sendPair(Topics.INBOUND, queueId, GARBAGE,
        WireFormat.encode(new InboundMessage(envelope, CONTENT)));
    awaitLocalJob(queueId);

    String resultId = newQueueId();
    byte[] result = WireFormat.encode(new DeliveryResult(resultId, "inbox@dl.example.test", "inbox@dl.example.test",
        new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), AttemptFacts.at("local", 1), Instant.now()));
    byte[] truncated = Arrays.copyOf(result, 20);
    RecordMetadata[] results = sendPair(Topics.DELIVERY_RESULTS, resultId, truncated, result);
    await().atMost(WAIT).until(() -> loggedStatuses(resultId).equals(List.of("sent")));

    long inboundId = awaitListed(inbound[0], "not a Postfleet record", GARBAGE.length);
    // Cut inside the queue id: its length prefix promises more bytes than there are.
    long resultsId = awaitListed(results[0], "bad length", truncated.length);
    assertArrayEquals(GARBAGE, valueOf(inboundId));
    assertArrayEquals(truncated, valueOf(resultsId));
    await().atMost(WAIT).until(() -> committed("queue-manager", inbound[1]) > inbound[1].offset());
    await().atMost(WAIT).until(() -> committed("queue-manager-results", results[1]) > results[1].offset());

    // The same dead letter again (its consumer crashed before committing), then one that carries no
    // origin at all, in the same dead-letter partition: once the second is listed, the first was seen.
    ConsumerRecord<String, byte[]> deadLetter = deadLetterOf(inbound[0]);
    String marker = newQueueId();
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTERS, null, deadLetter.key(), deadLetter.value(),
          deadLetter.headers())).get();
      producer
          .send(new ProducerRecord<>(Topics.DEAD_LETTERS, deadLetter.key(), marker.getBytes(StandardCharsets.US_ASCII)))
          .get();
    }
    await().atMost(WAIT).until(() -> countWithoutOrigin(queueId) == 1);
    assertEquals(1, countListed(inbound[0]));

    as("test-token").get("/api/v1/queue/summary").then().statusCode(200).body("deadLetters", greaterThanOrEqualTo(3));
  }

  @Test
  void readersListAdminsDeleteWithAReasonThatTheAuditLogKeeps() throws Exception {
    String queueId = newQueueId();
    RecordMetadata[] sent = sendPair(Topics.INBOUND, queueId, "junk".getBytes(StandardCharsets.US_ASCII),
        "more junk".getBytes(StandardCharsets.US_ASCII));
    long id = awaitListed(sent[0], "not a Postfleet record", 4);
    String reader = as("test-token").contentType(ContentType.JSON).body("{\"name\":\"dl-reader\",\"role\":\"READER\"}")
        .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

    as(reader).get("/api/v1/queue/dead-letters/" + id).then().statusCode(200)
        .body("deadLetter.key", equalTo(queueId))
        .body("valueBase64", equalTo(Base64.getEncoder().encodeToString("junk".getBytes(StandardCharsets.US_ASCII))));
    as(reader).delete("/api/v1/queue/dead-letters/" + id + "?reason=seen").then().statusCode(403);
    as("test-token").delete("/api/v1/queue/dead-letters/" + id).then().statusCode(400)
        .contentType("application/problem+json");
    as("test-token").delete("/api/v1/queue/dead-letters/" + id + "?reason=garbage from a test").then().statusCode(204);
    as("test-token").get("/api/v1/queue/dead-letters/" + id).then().statusCode(404)
        .contentType("application/problem+json");
    as("test-token").get("/api/v1/audit?resource=dead-letter&key=" + id).then().statusCode(200)
        .body("items[0].action", equalTo("delete"))
        .body("items[0].actor", equalTo("bootstrap"))
        .body("items[0].before.reason", equalTo("garbage from a test"))
        .body("items[0].before.deadLetter.sourceOffset", equalTo((int) sent[0].offset()));
    assertEquals(1, countListed(sent[1]), "the second record was dead-lettered too and is still listed");
  }

  private static RequestSpecification as(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  private static String newQueueId() {
    return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  /** Two records with one key, so one partition: the first at a lower offset than the second. */
  private RecordMetadata[] sendPair(String topic, String key, byte[] first, byte[] second) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      RecordMetadata a = producer.send(new ProducerRecord<>(topic, key, first)).get();
      RecordMetadata b = producer.send(new ProducerRecord<>(topic, key, second)).get();
      assertEquals(a.partition(), b.partition());
      return new RecordMetadata[] {a, b};
    }
  }

  private static JsonPath list() {
    return as("test-token").get("/api/v1/queue/dead-letters?size=500").then().statusCode(200).extract().jsonPath();
  }

  /** Waits until the API lists the dead letter of this record, checks it, and returns its id. */
  private static long awaitListed(RecordMetadata source, String error, int size) {
    await().atMost(WAIT).until(() -> countListed(source) == 1);
    Map<String, Object> item = list().getMap("items.find { it.sourceTopic == '" + source.topic()
        + "' && it.sourcePartition == " + source.partition() + " && it.sourceOffset == " + source.offset() + " }");
    assertEquals("queue-manager", item.get("service"));
    assertEquals(size, item.get("size"));
    assertEquals(true, ((String) item.get("error")).startsWith(error), (String) item.get("error"));
    assertEquals(null, item.get("valueBase64"), "the list carries no bytes");
    return ((Number) item.get("id")).longValue();
  }

  private static int countListed(RecordMetadata source) {
    return list().getList("items.findAll { it.sourceTopic == '" + source.topic() + "' && it.sourcePartition == "
        + source.partition() + " && it.sourceOffset == " + source.offset() + " }").size();
  }

  /** Dead letters without origin headers are listed under their own place on the dead-letter topic. */
  private static int countWithoutOrigin(String key) {
    return list().getList("items.findAll { it.sourceTopic == '" + Topics.DEAD_LETTERS + "' && it.key == '" + key
        + "' && it.error == 'no readable dead-letter headers' }").size();
  }

  private static byte[] valueOf(long id) {
    String base64 = as("test-token").get("/api/v1/queue/dead-letters/" + id).then().statusCode(200)
        .extract().path("valueBase64");
    return Base64.getDecoder().decode(base64);
  }

  private long committed(String group, RecordMetadata record) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      OffsetAndMetadata offset = offsets.get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  private ConsumerRecord<String, byte[]> deadLetterOf(RecordMetadata source) {
    return find(Topics.DEAD_LETTERS, r -> {
      var offset = r.headers().lastHeader(io.postfleet.contract.DeadLetterHeaders.SOURCE_OFFSET);
      var topic = r.headers().lastHeader(io.postfleet.contract.DeadLetterHeaders.SOURCE_TOPIC);
      return offset != null && topic != null && source.topic().equals(new String(topic.value(), StandardCharsets.UTF_8))
          && Long.toString(source.offset()).equals(new String(offset.value(), StandardCharsets.UTF_8));
    });
  }

  private void awaitLocalJob(String queueId) {
    find(Topics.DELIVERY_LOCAL, r -> WireFormat.decodeLocalJob(r.value()).queueId().equals(queueId));
  }

  /** Reads the topic from the start with a group of its own until a record matches. */
  private ConsumerRecord<String, byte[]> find(String topic,
      java.util.function.Predicate<ConsumerRecord<String, byte[]>> wanted) {
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

  private List<String> loggedStatuses(String queueId) throws Exception {
    List<String> statuses = new java.util.ArrayList<>();
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
