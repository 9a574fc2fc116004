package io.postfleet.outboundrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryLogTest {

  @Test
  void linesReadLikePostfixMaillog() {
    assertEquals("3F2A1B: to=<a@b.test>, relay=mx.b.test[192.0.2.1]:25, delay=0.12, dsn=2.0.0, "
        + "status=sent (250 2.0.0 Ok: queued as X)",
        DeliveryLog.line("3F2A1B", new Recipient("a@b.test", "a@b.test"),
            new DeliveryOutcome.Delivered("2.0.0", "mx.b.test[192.0.2.1]:25", "250 2.0.0 Ok: queued as X"),
            Duration.ofMillis(123)));
    assertEquals("3F2A1B: to=<x@c.test>, orig_to=<alias@mail.example.test>, relay=none, delay=61.00, "
        + "dsn=4.4.3, status=deferred (try again)",
        DeliveryLog.line("3F2A1B", new Recipient("x@c.test", "alias@mail.example.test"),
            new DeliveryOutcome.Deferred("4.4.3", "none", "try again"), Duration.ofSeconds(61)));
  }
}
