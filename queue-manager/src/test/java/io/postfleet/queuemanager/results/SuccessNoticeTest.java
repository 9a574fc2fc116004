package io.postfleet.queuemanager.results;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY=SUCCESS on real Kafka and PostgreSQL: the results and delivered jobs that local-delivery
 * and outbound-relay publish come in on the results topic, and the notices are read back from
 * postfleet.inbound.
 */
@QuarkusTest
@TestProfile(NoticeTestProfile.class)
@QuarkusTestResource(DevstackTestResource.class)
class SuccessNoticeTest {
  private static final byte[] CONTENT = "Subject: tell me\r\nFrom: ann@ok.test\r\n\r\nsecret body\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final Instant QUEUED = Instant.parse("2026-11-28T06:00:00Z");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aMailboxDeliveryAskedForIsReportedDelivered() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    String id = newQueueId();
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-s",
        EsmtpOptions.DsnReturn.FULL,
        Map.of("sales@ok.test",
            new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS), "rfc822;sales@ok.test")));
    kafka.publishResults(id, delivered(id, "request@ok.test", "sales@ok.test", "local", "delivered to maildir " + id),
        WireFormat.encodeDelivered(new RelayDeliveryJob(id, "ann@ok.test", "local",
            List.of(new RelayDeliveryJob.Recipient("request@ok.test", "sales@ok.test")), options, QUEUED, 0, CONTENT)));
    InboundMessage notice = awaitOne(kafka, id);
    assertEquals(List.of("ann@ok.test"), notice.envelope().recipients());
    assertEquals("", notice.envelope().mailFrom());
    NotificationsOnKafka.Report report = NotificationsOnKafka.parse(notice);
    assertEquals("Successful Mail Delivery Report", report.subject());
    assertTrue(report.status().contains("Final-Recipient: rfc822; request@ok.test\r\n"
        + "Original-Recipient: rfc822; sales@ok.test\r\nAction: delivered\r\nStatus: 2.0.0\r\n"
        + "Diagnostic-Code: X-Postfleet; delivered to maildir " + id + "\r\n"), report.status());
    assertFalse(report.status().contains("Remote-MTA"), report.status());
    assertEquals("text/rfc822-headers", report.returnedType());
    assertFalse(report.returned().contains("secret body"), report.returned());
  }

  @Test
  void recipientsRelayedTogetherToAServerWithoutDsnGetOneRelayedNotice() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    String id = newQueueId();
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.DEFAULT,
        Map.of("x@far.test", success(), "y@far.test", success()));
    String relay = "mx.far.test[192.0.2.9]:25";
    kafka.publishResults(id, delivered(id, "x@far.test", "x@far.test", relay, "250 2.0.0 Ok: queued as 1"),
        delivered(id, "y@far.test", "y@far.test", relay, "250 2.0.0 Ok: queued as 1"),
        WireFormat.encodeDelivered(new RelayDeliveryJob(id, "ann@ok.test", "far.test",
            List.of(new RelayDeliveryJob.Recipient("x@far.test", "x@far.test"),
                new RelayDeliveryJob.Recipient("y@far.test", "y@far.test")),
            options, QUEUED, 1, CONTENT)));
    NotificationsOnKafka.Report report = NotificationsOnKafka.parse(awaitOne(kafka, id));
    for (String r : List.of("x@far.test", "y@far.test")) {
      assertTrue(report.status().contains("Final-Recipient: rfc822; " + r + "\r\nAction: relayed\r\nStatus: 2.0.0\r\n"
          + "Remote-MTA: dns; mx.far.test\r\nDiagnostic-Code: smtp; 250 2.0.0 Ok: queued as 1\r\n"), report.status());
    }
  }

  @Test
  void theNullSenderIsNeverToldOfASuccess() throws Exception {
    NotificationsOnKafka kafka = new NotificationsOnKafka(bootstrap);
    String bounce = newQueueId();
    String control = newQueueId();
    for (String id : List.of(bounce, control)) {
      kafka.publishResults(id, delivered(id, "x@far.test", "x@far.test", "local", "delivered"),
          WireFormat.encodeDelivered(new RelayDeliveryJob(id, id.equals(bounce) ? "" : "ann@ok.test", "local",
              List.of(new RelayDeliveryJob.Recipient("x@far.test", "x@far.test")),
              new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.DEFAULT,
                  Map.of("x@far.test", success())),
              QUEUED, 0, CONTENT)));
    }
    awaitOne(kafka, control);
    // Not to the null sender, and not to the postmaster either: that is for failed bounces only.
    assertEquals(0, kafka.notifications(bounce, "[a-z]", Duration.ofSeconds(1)).size());
  }

  private static InboundMessage awaitOne(NotificationsOnKafka kafka, String id) {
    List<InboundMessage> notices = new ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      notices.addAll(kafka.notifications(id, "s", Duration.ofSeconds(1)));
      return !notices.isEmpty();
    });
    assertEquals(1, notices.size(), "one notice for the recipients of one batch");
    return notices.get(0);
  }

  private static EsmtpOptions.RecipientDsn success() {
    return new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS), "");
  }

  private static String newQueueId() {
    return "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  private static byte[] delivered(String id, String recipient, String original, String relay, String reply) {
    return WireFormat
        .encode(new DeliveryResult(id, recipient, original, new DeliveryOutcome.Delivered("2.0.0", relay, reply),
            AttemptFacts.at(relay.equals("local") ? "local" : "data-done", 5), Instant.now()));
  }
}
