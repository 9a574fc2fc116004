package io.postfleet.localdelivery.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.localdelivery.maildir.MaildirWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which failures of a Maildir write bounce a local job: only a mailbox no Maildir can hold; a bug
 * (any other exception, even an IllegalArgumentException) defers, so the job is tried again and,
 * failing on, set aside as a dead letter, never returned to its sender.
 */
class MailboxOutcomeTest {
  @TempDir
  Path root;

  @Test
  void aMailboxNoPathCanHoldBounces() throws Exception {
    LocalDeliveryConsumer.Attempt attempt = LocalDeliveryConsumer.attempt(job("no-at-sign"), new MaildirWriter(root),
        null, false);
    DeliveryOutcome.Bounced bounced = (DeliveryOutcome.Bounced) attempt.outcome();
    assertEquals("5.3.5", bounced.dsnStatus());
    assertTrue(bounced.detail().contains("not a mailbox address"), bounced.detail());
  }

  @Test
  void anUnexpectedIllegalArgumentExceptionDefersInsteadOfBouncing() {
    IllegalArgumentException bug = new IllegalArgumentException("a bug, not the recipient's fault");
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> LocalDeliveryConsumer.attempt(job("user@example.test"), (j, mayBeRepeat) -> {
          throw bug;
        }, null, false));
    assertSame(bug, thrown);
  }

  @Test
  void aWritableJobIsDelivered() throws Exception {
    LocalDeliveryConsumer.Attempt attempt = LocalDeliveryConsumer.attempt(job("user@example.test"),
        new MaildirWriter(root), null, false);
    assertEquals("2.0.0", attempt.outcome().dsnStatus());
  }

  private static LocalDeliveryJob job(String mailbox) {
    return new LocalDeliveryJob("4AB12CD34EF", "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE,
        Instant.now(), "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII), "");
  }
}
