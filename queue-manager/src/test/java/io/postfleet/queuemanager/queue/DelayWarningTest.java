package io.postfleet.queuemanager.queue;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.queuemanager.bounce.NoticeTestProfile;
import io.postfleet.queuemanager.bounce.NotificationsOnKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Delay warnings and the bounce lifetime on real Kafka and PostgreSQL: deferred jobs come in on the
 * results topic as outbound-relay sends them, the scheduler runs its passes (and more, in parallel,
 * as several pods would), and the warnings are read back from postfleet.inbound.
 */
@QuarkusTest
@TestProfile(NoticeTestProfile.class)
@QuarkusTestResource(DevstackTestResource.class)
class DelayWarningTest {
  private static final byte[] CONTENT = "Subject: slow one\r\nFrom: ann@warn.test\r\n\r\nsecret body\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter RFC5322 = DateTimeFormatter
      .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Inject
  RetryScheduler scheduler;

  @Inject
  AgroalDataSource dataSource;

  @Test
  void aMessageDeferredPastTheWarningTimeWarnsItsSenderExactlyOnceForAllItsRecipients() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    String id = newQueueId();
    Instant queuedAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-w",
        EsmtpOptions.DsnReturn.FULL,
        Map.of("never@b.test", dsn(EsmtpOptions.Notify.NEVER), "d@b.test", dsn(EsmtpOptions.Notify.DELAY)));
    // Two next hops, so two rows of the deferred queue, for one message: one warning.
    RelayDeliveryJob toA = job(id, "ann@warn.test", "a.test", options, queuedAt, 5, "a@a.test");
    RelayDeliveryJob toB = job(id, "ann@warn.test", "b.test", options, queuedAt, 5, "never@b.test", "d@b.test");
    kafka.publishResults(id, deferred(id, "a@a.test", "4.4.1", "mx.a.test[192.0.2.1]:25", "451 4.4.1 a is busy"),
        deferred(id, "never@b.test", "4.2.0", "mx.b.test[192.0.2.2]:25", "452 4.2.0 b is full"),
        deferred(id, "d@b.test", "4.2.0", "mx.b.test[192.0.2.2]:25", "452 4.2.0 b is full"),
        WireFormat.encode(toA), WireFormat.encode(toB));
    // The warning covers the recipients deferred when the scan runs: let both next hops' rows land first.
    await().atMost(Duration.ofSeconds(20))
        .until(() -> count("select count(*) from deferred_job where queue_id = ?", id) == 2);
    scanInParallel(); // as several pods would; the advisory lock and the warned mark keep it to one

    List<InboundMessage> warnings = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      warnings.addAll(kafka.notifications(id, "w", Duration.ofSeconds(1)));
      return !warnings.isEmpty();
    });
    InboundMessage warning = warnings.get(0);
    assertEquals("", warning.envelope().mailFrom());
    assertEquals(List.of("ann@warn.test"), warning.envelope().recipients());
    NotificationsOnKafka.Report report = NotificationsOnKafka.parse(warning);
    assertEquals("Delayed Mail (still being retried)", report.subject());
    assertTrue(report.readable().contains("THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE."),
        report.readable());
    assertTrue(report.readable().contains("It will be retried until it is 5 day(s) old."), report.readable());
    assertEquals("message/delivery-status", report.statusType());
    String willRetryUntil = "Will-Retry-Until: " + RFC5322.format(queuedAt.plus(Duration.ofDays(5))) + "\r\n";
    assertTrue(report.status().contains("Final-Recipient: rfc822; a@a.test\r\nAction: delayed\r\nStatus: 4.4.1\r\n"
        + "Remote-MTA: dns; mx.a.test\r\nDiagnostic-Code: smtp; 451 4.4.1 a is busy\r\n" + willRetryUntil),
        report.status());
    assertTrue(report.status().contains("Final-Recipient: rfc822; d@b.test\r\nAction: delayed\r\nStatus: 4.2.0\r\n"),
        report.status());
    assertTrue(report.status().contains("Original-Envelope-Id: env-w\r\n"), report.status());
    assertFalse(report.status().contains("never@b.test"), report.status());
    assertEquals("text/rfc822-headers", report.returnedType());
    assertTrue(report.returned().startsWith("Subject: slow one\r\nFrom: ann@warn.test\r\n"), report.returned());
    assertFalse(report.returned().contains("secret body"), report.returned());

    // The retry comes back deferred again: a new row of the same message, never a second warning.
    RelayDeliveryJob again = job(id, "ann@warn.test", "a.test", options, queuedAt, 6, "a@a.test");
    kafka.publishResults(id, deferred(id, "a@a.test", "4.4.1", "mx.a.test[192.0.2.1]:25", "451 4.4.1 still busy"),
        WireFormat.encode(again));
    scanInParallel();
    assertEquals(1, kafka.notifications(id, "w", Duration.ofSeconds(4)).size());
    assertEquals(1, count("select count(*) from delay_warning where queue_id = ?", id));
  }

  @Test
  void notifyWithoutDelayAndTheNullSenderAreNeverWarned() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    Instant queuedAt = Instant.now().minusSeconds(60);
    String never = newQueueId();
    String failure = newQueueId();
    String bounce = newQueueId();
    String control = newQueueId();
    for (String id : List.of(never, failure, bounce, control)) {
      EsmtpOptions options = id.equals(never)
          ? notify("r@c.test", EsmtpOptions.Notify.NEVER)
          : id.equals(failure) ? notify("r@c.test", EsmtpOptions.Notify.FAILURE) : EsmtpOptions.NONE;
      kafka.publishResults(id, deferred(id, "r@c.test", "4.4.1", "mx.c.test[192.0.2.3]:25", "451 later"),
          WireFormat
              .encode(job(id, id.equals(bounce) ? "" : "ann@warn.test", "c.test", options, queuedAt, 5, "r@c.test")));
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> !kafka.notifications(control, "w", Duration.ofSeconds(1)).isEmpty());
    for (String id : List.of(never, failure, bounce)) {
      assertEquals(0, kafka.notifications(id, "[a-z]", Duration.ofSeconds(1)).size(), id);
      assertEquals(0, count("select count(*) from delay_warning where queue_id = ?", id), id);
    }
  }

  @Test
  void nullSenderMailExpiresAfterTheBounceLifetimeWhileOtherMailIsRetried() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
    String bounce = newQueueId();
    String normal = newQueueId();
    kafka.publishResults(bounce, deferred(bounce, "r@e.test", "4.4.1", "mx.e.test[192.0.2.5]:25", "451 later"),
        WireFormat.encode(job(bounce, "", "e.test", EsmtpOptions.NONE, twoDaysAgo, 5, "r@e.test")));
    kafka.publishResults(normal, deferred(normal, "r@e.test", "4.4.1", "mx.e.test[192.0.2.5]:25", "451 later"),
        WireFormat.encode(job(normal, "ann@warn.test", "e.test", EsmtpOptions.NONE, twoDaysAgo, 5, "r@e.test")));
    await().atMost(Duration.ofSeconds(15)).until(() -> given().header("Authorization", "Bearer test-token")
        .get("/api/v1/messages/" + bounce + "/deliveries").then().extract().asString()
        .contains("\"status\":\"bounced\""));
    given().header("Authorization", "Bearer test-token").get("/api/v1/messages/" + bounce + "/deliveries").then()
        .body("find { it.status == 'bounced' }.dsn", equalTo("5.4.7"));
    assertEquals(normal, RelayJobsSent.await(bootstrap, normal).queueId());
    assertFalse(given().header("Authorization", "Bearer test-token").get("/api/v1/messages/" + normal + "/deliveries")
        .then().extract().asString().contains("\"status\":\"bounced\""));
  }

  private void scanInParallel() throws Exception {
    ExecutorService pods = Executors.newFixedThreadPool(3);
    try {
      List<Future<Integer>> scans = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        scans.add(pods.submit(scheduler::scan));
      }
      for (Future<Integer> scan : scans) {
        scan.get();
      }
    } finally {
      pods.shutdown();
    }
  }

  private static String newQueueId() {
    return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  private static EsmtpOptions.RecipientDsn dsn(EsmtpOptions.Notify... on) {
    return new EsmtpOptions.RecipientDsn(Set.of(on), "");
  }

  private static EsmtpOptions notify(String recipient, EsmtpOptions.Notify... on) {
    return new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.DEFAULT,
        Map.of(recipient, dsn(on)));
  }

  private static RelayDeliveryJob job(String id, String sender, String nextHop, EsmtpOptions options, Instant queuedAt,
      int attempts, String... recipients) {
    return new RelayDeliveryJob(id, sender, nextHop,
        Arrays.stream(recipients).map(r -> new RelayDeliveryJob.Recipient(r, r)).toList(), options, queuedAt,
        attempts, CONTENT);
  }

  private static byte[] deferred(String id, String recipient, String status, String relay, String reply) {
    return WireFormat
        .encode(new DeliveryResult(id, recipient, recipient, new DeliveryOutcome.Deferred(status, relay, reply),
            AttemptFacts.at("rcpt", 5), Instant.now()));
  }

  private int count(String sql, String id) throws Exception {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
