package io.postfleet.queuemanager.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.queuemanager.config.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A deferred row the retry scan cannot process (its job is garbage) on real PostgreSQL and Kafka:
 * the valid row due beside it still goes back to the relay topic at once; the bad one is tried
 * postfleet.consumers.max-attempts times, its pauses passed on the test clock, then moved to the
 * dead letters with its error, shown by /api/v1/queue/dead-letters and the queue summary.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class FailingDeferredRowTest {
  private static final byte[] GARBAGE = "PF not a job at all".getBytes(StandardCharsets.US_ASCII);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject
  AgroalDataSource dataSource;

  @Test
  void aRowThatAlwaysFailsIsSetAsideAndTheRowsBesideItAreRetried() throws Exception {
    String bad = newQueueId();
    String good = newQueueId();
    long badId = insert(bad, GARBAGE);
    insert(good, WireFormat.encode(new RelayDeliveryJob(good, "info@mail.example.test", "later.test",
        List.of(new RelayDeliveryJob.Recipient("a@later.test", "a@later.test")), EsmtpOptions.NONE, Instant.now(), 1,
        "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII))));

    assertEquals(1, RelayJobsSent.await(bootstrap, good).attempts(), "the valid row beside the bad one");
    await().atMost(Duration.ofSeconds(10)).until(() -> scanFailures(badId) >= 1);
    String lastFailure = lastScanFailure(badId);
    assertTrue(lastFailure.startsWith("io.postfleet.contract.MalformedRecordException"), lastFailure);

    AtomicInteger seen = new AtomicInteger(1);
    try {
      // Each failure pushes the row's next attempt back; the test clock lets each pause pass at once.
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        TestClock.advance(Duration.ofMinutes(1));
        int failures = scanFailures(badId);
        if (failures > 0) {
          seen.set(failures);
        }
        return failures < 0;
      });
    } finally {
      TestClock.reset();
    }
    assertEquals(4, seen.get(), "failures recorded on the row before the fifth set it aside");

    JsonPath deadLetters = given().header("Authorization", "Bearer test-token")
        .get("/api/v1/queue/dead-letters?size=100").then().statusCode(200).extract().jsonPath();
    List<String> keys = deadLetters.getList("items.key");
    int at = keys.indexOf(bad);
    assertTrue(at >= 0, "dead letter of " + bad + " in " + keys);
    assertEquals("deferred_job", deadLetters.getString("items[" + at + "].sourceTopic"));
    assertEquals(badId, deadLetters.getLong("items[" + at + "].sourceOffset"));
    assertEquals(GARBAGE.length, deadLetters.getInt("items[" + at + "].size"));
    assertTrue(
        deadLetters.getString("items[" + at + "].error").startsWith("io.postfleet.contract.MalformedRecordException"));
    given().header("Authorization", "Bearer test-token").get("/api/v1/queue/summary").then().statusCode(200)
        .body("deadLetters", greaterThanOrEqualTo(1));
  }

  private long insert(String queueId, byte[] job) throws Exception {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
        insert into deferred_job (queue_id, sender, next_hop, recipients, attempts, queued_at, next_attempt_at, job)
        values (?, 'info@mail.example.test', 'later.test', 'a@later.test', 1, ?, ?, ?) returning id""")) {
      s.setString(1, queueId);
      s.setTimestamp(2, Timestamp.from(Instant.now()));
      s.setTimestamp(3, Timestamp.from(Instant.now()));
      s.setBytes(4, job);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The row's failures so far; -1 once the row is gone. */
  private int scanFailures(long id) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select scan_failures from deferred_job where id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getInt(1) : -1;
      }
    }
  }

  private String lastScanFailure(long id) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select last_scan_failure from deferred_job where id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static String newQueueId() {
    return "F" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }
}
