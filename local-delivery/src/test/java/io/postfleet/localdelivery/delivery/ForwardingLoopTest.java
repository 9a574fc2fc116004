package io.postfleet.localdelivery.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForwardingLoopTest {
  private static LocalDeliveryJob job(String mailbox, String content) {
    return new LocalDeliveryJob("Q1", "s@example.test", mailbox, mailbox, EsmtpOptions.NONE, Instant.EPOCH,
        content.getBytes(StandardCharsets.UTF_8), "");
  }

  @Test
  void ourDeliveredToForTheMailboxIsALoop() {
    LocalDeliveryJob looped = job("request@mail.example.test",
        "Received: from x\r\nDelivered-To: Request@Mail.Example.Test\r\nSubject: again\r\n\r\nbody\r\n");
    assertTrue(ForwardingLoop.detected(looped));
    assertEquals("mail forwarding loop for request@mail.example.test", ForwardingLoop.detail(looped));
  }

  @Test
  void anotherMailboxOrTheBodyIsNoLoop() {
    assertFalse(ForwardingLoop.detected(job("request@mail.example.test",
        "Delivered-To: bob@mail.example.test\r\n\r\nbody\r\n")));
    assertFalse(ForwardingLoop.detected(job("request@mail.example.test",
        "Subject: quoting\r\n\r\nDelivered-To: request@mail.example.test\r\n")));
  }
}
