package io.postfleet.outboundrelay.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRelayJobsTest {
  private final RecentRelayJobs recent = new RecentRelayJobs(2);

  @Test
  void aCopyOfAJobRoutedAgainIsNotTakenUpTwice() {
    assertTrue(recent.take(job("3F2A1B", 0, "a@outside.test")));
    assertFalse(recent.take(job("3F2A1B", 0, "a@outside.test")));
  }

  @Test
  void aRetryFromTheDeferredQueueOrOtherRecipientsAreNewJobs() {
    assertTrue(recent.take(job("3F2A1B", 0, "a@outside.test")));
    assertTrue(recent.take(job("3F2A1B", 1, "a@outside.test")));
    assertTrue(recent.take(job("3F2A1B", 0, "b@outside.test")));
  }

  @Test
  void aJobGivenBackAfterAFailureIsTakenUpAgain() {
    RelayDeliveryJob job = job("3F2A1B", 0, "a@outside.test");
    recent.take(job);
    recent.giveBack(job);
    assertTrue(recent.take(job));
  }

  @Test
  void onlyTheLatestJobsAreRemembered() {
    recent.take(job("A1", 0, "a@outside.test"));
    recent.take(job("A2", 0, "a@outside.test"));
    recent.take(job("A3", 0, "a@outside.test"));
    assertTrue(recent.take(job("A1", 0, "a@outside.test")), "the oldest was forgotten");
    assertFalse(recent.take(job("A3", 0, "a@outside.test")));
  }

  private static RelayDeliveryJob job(String queueId, int attempts, String recipient) {
    return new RelayDeliveryJob(queueId, "info@mail.example.test", "outside.test",
        List.of(new RelayDeliveryJob.Recipient(recipient, recipient)), EsmtpOptions.NONE, Instant.EPOCH, attempts,
        "Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
