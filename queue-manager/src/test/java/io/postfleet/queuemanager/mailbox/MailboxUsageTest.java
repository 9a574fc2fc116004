package io.postfleet.queuemanager.mailbox;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.queuemanager.bounce.NotificationsOnKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The usage local-delivery reports with its results reaches mailbox_usage through the results topic
 * and shows in the admin API; the newest result of a batch wins and an older one never moves it back.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class MailboxUsageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject
  AgroalDataSource dataSource;

  private static RequestSpecification admin() {
    return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON);
  }

  @Test
  void reportedUsageIsStoredAndShownWithTheMailbox() throws Exception {
    String domain = "usage-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    String mailbox = "ann@" + domain;
    admin().body("{\"name\":\"" + domain + "\",\"kind\":\"LOCAL\"}").post("/api/v1/domains").then().statusCode(201);
    admin().body("{\"address\":\"" + mailbox + "\",\"quotaBytes\":1000}").post("/api/v1/mailboxes")
        .then().statusCode(201).body("usedBytes", nullValue()).body("usageUpdatedAt", nullValue());

    Instant first = Instant.parse("2026-12-02T10:00:00Z");
    String id = queueId();
    // One batch: two results for the mailbox, newest first on the wire, then a stale one later.
    new NotificationsOnKafka(bootstrap).publishResults(id,
        result(id, mailbox, new DeliveryOutcome.Bounced("5.2.2", "local", "mailbox full"), 1000, 7,
            first.plusSeconds(2)),
        result(id, mailbox, new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), 990, 7, first));

    await().atMost(WAIT).until(() -> usedBytes(mailbox) != null);
    JsonPath shown = admin().get("/api/v1/mailboxes/" + mailbox).then().statusCode(200).extract().jsonPath();
    assertEquals(1000L, shown.getLong("usedBytes"));
    assertEquals(7L, shown.getLong("usedMessages"));
    assertEquals(first.plusSeconds(2), Instant.parse(shown.getString("usageUpdatedAt")));
    assertEquals(Boolean.TRUE, overQuota(mailbox), "1000 of 1000 bytes is full");
    admin().get("/api/v1/mailboxes?domain=" + domain).then().statusCode(200)
        .body("items[0].usedBytes", equalTo(1000)).body("items[0].usedMessages", equalTo(7));

    String later = queueId();
    new NotificationsOnKafka(bootstrap).publishResults(later,
        result(later, mailbox, new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), 10, 1,
            first.minusSeconds(60)),
        result(later, mailbox, new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), 400, 3,
            first.plusSeconds(60)));
    await().atMost(WAIT).until(() -> Long.valueOf(400).equals(usedBytes(mailbox)));
    assertEquals(Boolean.FALSE, overQuota(mailbox));

    // A mailbox without a quota reports nothing, and a result without usage changes nothing.
    String none = queueId();
    new NotificationsOnKafka(bootstrap).publishResults(none, WireFormat.encode(new DeliveryResult(none, mailbox,
        mailbox, new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), AttemptFacts.at("local", 1),
        first.plusSeconds(120))));
    admin().get("/api/v1/mailboxes/" + mailbox).then().statusCode(200).body("usedBytes", equalTo(400));
  }

  private static byte[] result(String id, String mailbox, DeliveryOutcome outcome, long bytes, long messages,
      Instant at) {
    return WireFormat.encode(new DeliveryResult(id, mailbox, mailbox, outcome,
        AttemptFacts.local(3, new MailboxUsage(bytes, messages)), at));
  }

  private static Long usedBytes(String mailbox) {
    Object value = admin().get("/api/v1/mailboxes/" + mailbox).then().statusCode(200).extract().path("usedBytes");
    return value == null ? null : ((Number) value).longValue();
  }

  private Boolean overQuota(String mailbox) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement q = c.prepareStatement("select over_quota from mailbox_usage where address = ?")) {
      q.setString(1, mailbox);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getBoolean(1) : null;
      }
    }
  }

  private static String queueId() {
    return "U" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }
}
