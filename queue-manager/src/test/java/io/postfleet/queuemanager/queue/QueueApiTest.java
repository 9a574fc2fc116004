package io.postfleet.queuemanager.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The queue as the admin API shows it, on real Kafka and PostgreSQL: messages the router routed
 * appear in flight, move to deferred, held or out of the queue as delivery results arrive (this test
 * plays the delivery services, so nothing else answers), can be filtered, looked into, requeued and
 * counted.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
@TestProfile(QueueApiTest.SlowRetries.class)
class QueueApiTest {
  /** Deferred jobs wait a minute here, so holding one never races the scanner's retry. */
  public static class SlowRetries implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.queue.minimal-backoff", "60s", "postfleet.queue.maximal-backoff", "120s");
    }
  }

  @Inject
  LiveRecipientMaps maps;

  @Inject
  AgroalDataSource dataSource;

  @TestHTTPResource("/api/v1/queue/summary")
  URL summaryUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token");
  }

  @Test
  void aRoutedMessageIsInFlightUntilEachRecipientsResultArrives() throws Exception {
    String local = localDomain();
    String remote = "far-" + suffix() + ".test";
    String id = newQueueId();
    publish(id, "ann@sender.test", List.of("box@" + local, "x@" + remote), Instant.now(),
        "Subject: in flight " + id + "\r\nX-Test: 1\r\n\r\nbody\r\n", EsmtpOptions.NONE);

    await().atMost(Duration.ofSeconds(15)).until(() -> listed("?domain=" + remote).contains(id));
    JsonPath listing = list("?domain=" + local);
    assertEquals("IN_FLIGHT", listing.getString("items.find { it.queueId == '" + id + "' }.recipients[0].state"));
    assertEquals("box@" + local, listing.getString("items.find { it.queueId == '" + id + "' }.recipients[0].address"));
    admin().get("/api/v1/queue?state=IN_FLIGHT&sender=ANN@sender.test").then().statusCode(200)
        .body("items.queueId", hasItem(id));

    result(id, "box@" + local, new DeliveryOutcome.Delivered("2.0.0", "local", "delivered to maildir"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !listed("?domain=" + local).contains(id));
    admin().get("/api/v1/queue/messages/" + id).then().statusCode(200)
        .body("recipients.find { it.address == 'box@" + local + "' }.state", equalTo("DELIVERED"))
        .body("recipients.find { it.address == 'box@" + local + "' }.attempts", equalTo(1))
        .body("recipients.find { it.address == 'x@" + remote + "' }.state", equalTo("IN_FLIGHT"))
        .body("recipients.find { it.address == 'x@" + remote + "' }.attempts", equalTo(0));
    assertTrue(listed("?domain=" + remote).contains(id), "the remote recipient still waits");

    result(id, "x@" + remote, new DeliveryOutcome.Delivered("2.0.0", "mx." + remote + "[127.0.0.1]:25", "250 ok"));
    await().atMost(Duration.ofSeconds(10)).until(() -> admin().get("/api/v1/queue/messages/" + id).statusCode() == 404);
    assertTrue(!listed("?domain=" + remote).contains(id), "a message whose every recipient is final has left");
  }

  @Test
  void aDeferredMessageShowsItsLastErrorAndCanBeHeldThenRequeued() throws Exception {
    String remote = "slow-" + suffix() + ".test";
    String id = newQueueId();
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.EIGHT_BIT_MIME, false, "env-" + id,
        EsmtpOptions.DsnReturn.HDRS, Map.of());
    publish(id, "bob@sender.test", List.of("y@" + remote), Instant.now(),
        "From: Bob <bob@sender.test>\r\nSubject: deferred " + id + "\r\n\r\nbody\r\n", options);
    await().atMost(Duration.ofSeconds(15)).until(() -> listed("?domain=" + remote).contains(id));

    String reply = "connect to mx." + remote + "[127.0.0.1]:25: Connection refused";
    defer(id, "bob@sender.test", "y@" + remote, remote, 3, reply);
    await().atMost(Duration.ofSeconds(10)).until(() -> listed("?state=deferred&domain=" + remote).contains(id));
    admin().post("/api/v1/queue/" + id + "/hold").then().statusCode(200).body("[0].held", equalTo(true));

    admin().get("/api/v1/queue?state=HELD&domain=" + remote).then().statusCode(200)
        .body("items[0].queueId", equalTo(id))
        .body("items[0].recipients[0].state", equalTo("HELD"))
        .body("items[0].recipients[0].lastError", equalTo(reply));
    admin().get("/api/v1/queue?state=DEFERRED&domain=" + remote).then().statusCode(200).body("total", equalTo(0));
    admin().get("/api/v1/queue?error=connection REFUSED&domain=" + remote).then().statusCode(200)
        .body("items.queueId", hasItem(id));
    admin().get("/api/v1/queue?error=mailbox full&domain=" + remote).then().statusCode(200)
        .body("total", equalTo(0));
    admin().get("/api/v1/queue/messages/" + id).then().statusCode(200)
        .body("sender", equalTo("bob@sender.test"))
        .body("esmtp.envelopeId", equalTo("env-" + id)).body("esmtp.ret", equalTo("HDRS"))
        .body("esmtp.body", equalTo("EIGHT_BIT_MIME"))
        .body("headers", containsString("Subject: deferred " + id + "\r\n"))
        .body("headers", not(containsString("body")))
        .body("headersTruncated", equalTo(false))
        .body("recipients[0].state", equalTo("HELD"))
        .body("recipients[0].attempts", equalTo(1))
        .body("recipients[0].lastReply.status", equalTo("deferred"))
        .body("recipients[0].lastReply.detail", equalTo(reply))
        .body("recipients[0].nextHop", equalTo(remote))
        .body("recipients[0].nextAttempt", notNullValue());
    admin().get("/api/v1/queue/summary").then().statusCode(200)
        .body("byDomain.'" + remote + "'.HELD", equalTo(1))
        .body("byDomain.'" + remote + "'.DEFERRED", equalTo(null));

    try (RelayTopic relay = new RelayTopic(bootstrap)) {
      admin().post("/api/v1/queue/messages/" + id + "/requeue").then().statusCode(200)
          .body("[0].attempts", equalTo(0)).body("[0].held", equalTo(false));
      RelayDeliveryJob resent = relay.await(id);
      assertEquals(0, resent.attempts());
      assertEquals(List.of(new RelayDeliveryJob.Recipient("y@" + remote, "y@" + remote)), resent.recipients());
    }
    // Resent by the scanner, the recipient is in the relay's hands again until its result comes.
    await().atMost(Duration.ofSeconds(10)).until(() -> "IN_FLIGHT".equals(admin().get("/api/v1/queue?domain=" + remote)
        .then().statusCode(200).extract().path("items[0].recipients[0].state")));
    admin().get("/api/v1/queue?domain=" + remote).then().statusCode(200)
        .body("items[0].recipients[0].attempts", equalTo(0));
    admin().get("/api/v1/audit?resource=queue&key=" + id + "&size=1").then().statusCode(200)
        .body("items[0].after.action", equalTo("requeue"));
    admin().post("/api/v1/queue/messages/NOSUCHMESSAGE/requeue").then().statusCode(404);
    admin().get("/api/v1/queue/messages/NOSUCHMESSAGE").then().statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void aDestinationsDeferredMailIsHeldReleasedAndDeletedTogether() throws Exception {
    String remote = "down-" + suffix() + ".test";
    String first = newQueueId();
    String second = newQueueId();
    for (String id : List.of(first, second)) {
      publish(id, "carl@sender.test", List.of("z@" + remote), Instant.now(), "Subject: down\r\n\r\n",
          EsmtpOptions.NONE);
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> listed("?domain=" + remote).size() == 2);
    for (String id : List.of(first, second)) {
      defer(id, "carl@sender.test", "z@" + remote, remote, 1, "421 4.4.2 " + remote + " closed the connection");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listed("?state=DEFERRED&domain=" + remote).size() == 2);

    admin().post("/api/v1/queue/hold?nextHop=" + remote).then().statusCode(200).body("held", equalTo(2));
    assertEquals(List.of(first, second), listed("?state=HELD&domain=" + remote));
    admin().post("/api/v1/queue/release?nextHop=" + remote).then().statusCode(200).body("released", equalTo(2));
    assertEquals(List.of(first, second), listed("?state=DEFERRED&domain=" + remote));

    admin().delete("/api/v1/queue?nextHop=" + remote).then().statusCode(400);
    admin().delete("/api/v1/queue?nextHop=" + remote + "&reason=destination retired").then().statusCode(200)
        .body("deleted", equalTo(2));
    assertEquals(List.of(), listed("?domain=" + remote));
    admin().get("/api/v1/queue/messages/" + first).then().statusCode(404);
    admin().get("/api/v1/audit?resource=queue&key=" + remote + "&size=1").then().statusCode(200)
        .body("items[0].action", equalTo("delete")).body("items[0].before.reason", equalTo("destination retired"));
  }

  @Test
  void filtersSelectMessagesAndRefuseWhatTheyCannotRead() throws Exception {
    String one = "one-" + suffix() + ".test";
    String two = "two-" + suffix() + ".test";
    String old = newQueueId();
    String young = newQueueId();
    publish(old, "old@sender.test", List.of("a@" + one), Instant.now().minus(Duration.ofHours(3)),
        "Subject: old\r\n\r\n", EsmtpOptions.NONE);
    publish(young, "young@sender.test", List.of("b@" + one, "c@" + two), Instant.now(),
        "Subject: young\r\n\r\n", EsmtpOptions.NONE);
    await().atMost(Duration.ofSeconds(15)).until(() -> listed("?domain=" + two).contains(young)
        && listed("?domain=" + one).size() == 2);

    assertEquals(List.of(old, young), listed("?domain=" + one), "oldest first");
    assertEquals(List.of(old), listed("?domain=" + one + "&minAge=2h"));
    assertEquals(List.of(old), listed("?domain=" + one + "&minAge=PT1H"));
    assertEquals(List.of(young), listed("?domain=" + one + "&maxAge=30m"));
    assertEquals(List.of(young), listed("?domain=" + one + "&sender=young@sender.test"));
    assertEquals(List.of(), listed("?domain=" + one + "&sender=young@sender"));
    assertEquals(List.of(young), listed("?recipient=C@" + two));
    assertEquals(List.of(), listed("?domain=" + one + "&state=DEFERRED&state=HELD"));
    admin().get("/api/v1/queue?recipient=b@" + one).then().statusCode(200)
        .body("items[0].recipients.address", equalTo(List.of("b@" + one)));
    admin().get("/api/v1/queue?domain=" + one + "&size=1&page=1").then().statusCode(200)
        .body("total", equalTo(2)).body("items.queueId", equalTo(List.of(young)));

    admin().get("/api/v1/queue?state=DELIVERED").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("IN_FLIGHT"));
    admin().get("/api/v1/queue?state=sleeping").then().statusCode(400);
    admin().get("/api/v1/queue?minAge=yesterday").then().statusCode(400);
    admin().get("/api/v1/queue?size=0").then().statusCode(400);

    admin().get("/api/v1/queue/summary").then().statusCode(200)
        .body("byDomain.'" + one + "'.IN_FLIGHT", equalTo(2))
        .body("byDomain.'" + two + "'.IN_FLIGHT", equalTo(1));
    JsonPath summary = admin().get("/api/v1/queue/summary").then().extract().jsonPath();
    assertTrue(summary.getLong("byState.IN_FLIGHT") >= 3, summary.prettify());
    assertEquals(summary.getLong("recipients"), summary.getLong("byState.IN_FLIGHT")
        + summary.getLong("byState.DEFERRED") + summary.getLong("byState.HELD"));
  }

  @Test
  void theSummaryOfAHundredThousandWaitingRecipientsStaysCheap() throws Exception {
    String prefix = "Z" + suffix().substring(0, 5).toUpperCase(Locale.ROOT);
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(String.format(Locale.ROOT, """
          insert into queued_message (queue_id, sender, arrival, size, client_name, client_address, helo, protocol,
                                      tls, auth_user, body, smtputf8, envelope_id, dsn_return, headers,
                                      headers_truncated)
          select '%1$s' || n, 'bulk@sender.test', now() - n * interval '1 second', 1000, 'unknown', '127.0.0.1',
                 'x', 'ESMTP', '', '', 'SEVEN_BIT', false, '', 'DEFAULT', 'Subject: bulk', false
          from generate_series(1, 100000) n""", prefix));
      s.execute(String.format(Locale.ROOT, """
          insert into queued_recipient (queue_id, recipient, original_recipient, domain, sender, arrival, state)
          select '%1$s' || n, 'r@d' || (n %% 500) || '.%2$s.test', 'r@x', 'd' || (n %% 500) || '.%2$s.test',
                 'bulk@sender.test', now(), (array['IN_FLIGHT', 'DEFERRED', 'HELD'])[1 + n %% 3]
          from generate_series(1, 100000) n""", prefix, prefix.toLowerCase(Locale.ROOT)));
      s.execute("vacuum analyze queued_recipient");
      try (java.sql.ResultSet plan = s.executeQuery("explain (analyze, buffers) select state, domain, count(*) "
          + "from queued_recipient where state in ('IN_FLIGHT', 'DEFERRED', 'HELD') group by state, domain")) {
        while (plan.next()) {
          System.out.println("PLAN " + plan.getString(1));
        }
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < 10; i++) {
        try (java.sql.ResultSet rs = s.executeQuery("select state, domain, count(*) "
            + "from queued_recipient where state in ('IN_FLIGHT', 'DEFERRED', 'HELD') group by state, domain")) {
          while (rs.next()) {
            rs.getLong(3);
          }
        }
      }
      System.out.printf(Locale.ROOT, "SQL alone: %.1f ms%n", (System.nanoTime() - t0) / 1e7);
    }
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest request = HttpRequest.newBuilder(summaryUrl.toURI())
          .header("Authorization", "Bearer test-token").build();
      for (int i = 0; i < 3; i++) {
        http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      int rounds = 10;
      long started = System.nanoTime();
      HttpResponse<String> response = null;
      for (int i = 0; i < rounds; i++) {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      }
      double millis = (System.nanoTime() - started) / 1e6 / rounds;
      assertEquals(200, response.statusCode());
      JsonPath summary = JsonPath.from(response.body());
      System.out.printf(Locale.ROOT, "queue summary over 100000 waiting recipients: %.1f ms per request%n", millis);
      assertTrue(summary.getLong("recipients") >= 100_000);
      Map<String, Integer> d7 = summary.getMap("byDomain.'d7." + prefix.toLowerCase(Locale.ROOT) + ".test'");
      assertEquals(200, d7.values().stream().mapToInt(Integer::intValue).sum(), d7.toString());
      assertEquals(Set.of("IN_FLIGHT", "DEFERRED", "HELD"), d7.keySet());
      assertTrue(millis < 1000, "summary took " + millis + " ms");
    } finally {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        s.execute("delete from queued_recipient where queue_id like '" + prefix + "%'");
        s.execute("delete from queued_message where queue_id like '" + prefix + "%'");
      }
    }
  }

  private String localDomain() {
    String domain = "here-" + suffix() + ".test";
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

  private static String newQueueId() {
    return "Q" + suffix().toUpperCase(Locale.ROOT);
  }

  private static JsonPath list(String query) {
    return admin().get("/api/v1/queue" + query).then().statusCode(200).extract().jsonPath();
  }

  private static List<String> listed(String query) {
    return list(query).getList("items.queueId", String.class);
  }

  /** What smtp-ingress publishes for an accepted message. */
  private void publish(String id, String sender, List<String> recipients, Instant arrival, String content,
      EsmtpOptions options) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    Envelope envelope = new Envelope(id, sender, recipients, "127.0.0.1", "localhost", "test", "ESMTP", "", "",
        arrival, bytes.length, options, "");
    send(Topics.INBOUND, id, WireFormat.encode(new InboundMessage(envelope, bytes)));
  }

  /** What a delivery service publishes for one recipient. */
  private void result(String id, String recipient, DeliveryOutcome outcome) throws Exception {
    send(Topics.DELIVERY_RESULTS, id, WireFormat.encode(new DeliveryResult(id, recipient, recipient, outcome,
        AttemptFacts.at("data", 5), Instant.now())));
  }

  /** What outbound-relay publishes for a deferred recipient: its result, then the job to retry. */
  private void defer(String id, String sender, String recipient, String nextHop, int attempts, String reply)
      throws Exception {
    result(id, recipient, new DeliveryOutcome.Deferred("4.4.1", "none", reply));
    RelayDeliveryJob job = new RelayDeliveryJob(id, sender, nextHop,
        List.of(new RelayDeliveryJob.Recipient(recipient, recipient)), EsmtpOptions.NONE, Instant.now(), attempts,
        "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    send(Topics.DELIVERY_RESULTS, id, WireFormat.encode(job));
  }

  private void send(String topic, String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Reads postfleet.delivery.relay from its end as it was when opened: only jobs sent afterwards. */
  private static final class RelayTopic implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;

    RelayTopic(String bootstrap) {
      consumer = DurableKafka.consumer(DurableKafka.at(bootstrap), "test-" + UUID.randomUUID(), 500);
      consumer.assign(consumer.partitionsFor(Topics.DELIVERY_RELAY).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList());
      consumer.seekToEnd(consumer.assignment());
      consumer.assignment().forEach(consumer::position);
    }

    RelayDeliveryJob await(String queueId) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          RelayDeliveryJob job = WireFormat.decodeRelayJob(r.value());
          if (job.queueId().equals(queueId)) {
            return job;
          }
        }
      }
      throw new AssertionError("no job of " + queueId + " sent to " + Topics.DELIVERY_RELAY);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
