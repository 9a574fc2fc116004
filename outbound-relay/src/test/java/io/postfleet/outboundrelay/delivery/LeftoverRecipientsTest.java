package io.postfleet.outboundrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeftoverRecipientsTest {
  private static final byte[] CONTENT = "x\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final RelayDeliveryJob JOB = new RelayDeliveryJob("Q1", "s@a.test", "b.test",
      List.of(new RelayDeliveryJob.Recipient("one@b.test", "one@b.test"),
          new RelayDeliveryJob.Recipient("two@b.test", "alias@a.test"),
          new RelayDeliveryJob.Recipient("three@b.test", "three@b.test")),
      EsmtpOptions.NONE, Instant.parse("2026-11-28T06:00:00Z"), 2, CONTENT);

  private static DeliveryResult result(String recipient, DeliveryOutcome outcome) {
    return new DeliveryResult("Q1", recipient, recipient, outcome, AttemptFacts.at("rcpt", 1), Instant.EPOCH);
  }

  @Test
  void onlyDeferredRecipientsAreRetriedOneAttemptOlder() {
    List<DeliveryResult> results = List.of(
        result("one@b.test", new DeliveryOutcome.Delivered("2.0.0", "mx", "250 ok")),
        result("two@b.test", new DeliveryOutcome.Deferred("4.2.1", "mx", "451 busy")),
        result("three@b.test", new DeliveryOutcome.Bounced("5.1.1", "mx", "550 no")));
    RelayDeliveryJob retry = LeftoverRecipients.retryOf(JOB, results);
    assertEquals(List.of(new RelayDeliveryJob.Recipient("three@b.test", "three@b.test")),
        LeftoverRecipients.returnedOf(JOB, results).recipients());
    assertEquals(List.of(new RelayDeliveryJob.Recipient("two@b.test", "alias@a.test")), retry.recipients());
    assertEquals(3, retry.attempts());
    assertEquals(JOB.queuedAt(), retry.queuedAt());
    assertEquals(JOB.nextHop(), retry.nextHop());
    assertArrayEquals(CONTENT, retry.content());
  }

  @Test
  void nothingDeferredMeansNoRetry() {
    List<DeliveryResult> delivered = List
        .of(result("one@b.test", new DeliveryOutcome.Delivered("2.0.0", "mx", "250 ok")));
    assertNull(LeftoverRecipients.retryOf(JOB, delivered));
    assertNull(LeftoverRecipients.returnedOf(JOB, delivered));
  }

  /** RFC 3461 §5.2.1-5.2.2: we owe a "relayed" notice only where the server could not take NOTIFY on. */
  @Test
  void deliveredRecipientsAskingSuccessAreReportedOnlyWhenTheServerLackedDsn() {
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.DEFAULT,
        Map.of("one@b.test", success(), "alias@a.test", success(),
            "three@b.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.FAILURE), "")));
    RelayDeliveryJob job = new RelayDeliveryJob("Q1", "s@a.test", "b.test", JOB.recipients(), options, JOB.queuedAt(),
        0,
        CONTENT);
    DeliveryOutcome ok = new DeliveryOutcome.Delivered("2.0.0", "mx", "250 ok");
    List<DeliveryResult> withoutDsn = List.of(
        new DeliveryResult("Q1", "one@b.test", "one@b.test", ok, AttemptFacts.at("data-done", 1), Instant.EPOCH),
        new DeliveryResult("Q1", "two@b.test", "alias@a.test", new DeliveryOutcome.Deferred("4.2.1", "mx", "451"),
            AttemptFacts.at("rcpt", 1), Instant.EPOCH),
        new DeliveryResult("Q1", "three@b.test", "three@b.test", ok, AttemptFacts.at("data-done", 1), Instant.EPOCH));
    assertEquals(List.of(new RelayDeliveryJob.Recipient("one@b.test", "one@b.test")),
        LeftoverRecipients.deliveredOf(job, withoutDsn).recipients());

    List<DeliveryResult> withDsn = List.of(new DeliveryResult("Q1", "one@b.test", "one@b.test", ok,
        new AttemptFacts("data-done", "", 1, true), Instant.EPOCH));
    assertNull(LeftoverRecipients.deliveredOf(job, withDsn));
    RelayDeliveryJob fromNullSender = new RelayDeliveryJob("Q1", "", "b.test", JOB.recipients(), options,
        JOB.queuedAt(), 0, CONTENT);
    assertNull(LeftoverRecipients.deliveredOf(fromNullSender, withoutDsn));
    assertNull(LeftoverRecipients.deliveredOf(JOB, withoutDsn));
  }

  private static EsmtpOptions.RecipientDsn success() {
    return new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS), "");
  }
}
