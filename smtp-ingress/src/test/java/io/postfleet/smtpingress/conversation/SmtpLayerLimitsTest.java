package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Size, line, time and connection limits, and shutdown, as a client sees them over real sockets. */
class SmtpLayerLimitsTest {

  @Test
  void oversizedMessageGets552AndTheSessionStaysUsable() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().sizeLimit(100).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.send("x".repeat(80));
      c.send("y".repeat(80));
      assertEquals("552 5.3.4 Error: message file too big\r\n", c.exchange(".", "552"));

      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.exchange("small\r\n.", "250 2.0.0 Ok: queued as");
      assertEquals(1, server.publisher.published().size());
      assertEquals(1.0, server.counter("postfleet.smtp.messages.rejected", "reason", "too_big"));
    }
  }

  @Test
  void declaredSizeOverTheLimitIsRefusedAtMail() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().sizeLimit(100).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      assertTrue(c.exchange("EHLO client.example.test", "250 ").contains("250-SIZE 100\r\n"));
      c.exchange("MAIL FROM:<a@client.example.test> SIZE=101", "552 5.3.4 Message size exceeds fixed limit");
      c.exchange("MAIL FROM:<a@client.example.test> SIZE=100", "250 2.1.0");
    }
  }

  @Test
  void overlongCommandLineGets500AndTheSessionGoesOn() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("NOOP " + "a".repeat(5000), "500 5.5.2 Error: line too long");
      c.exchange("NOOP", "250");
    }
  }

  @Test
  void idleClientIsDisconnectedAfterTheTimeout() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().timeout(Duration.ofMillis(300)).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.expect("421 4.4.2 mx.postfleet.test Error: timeout exceeded");
      c.expectClosed();
    }
  }

  @Test
  void connectionsBeyondTheLimitGet421AndAFreedSlotIsReused() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().maxConnections(1).start()) {
      try (SmtpTestClient first = server.connect()) {
        first.expect("220");
        try (SmtpTestClient second = server.connect()) {
          second.expect("421 4.7.0 mx.postfleet.test Error: too many connections");
          second.expectClosed();
        }
        // Counted before the 421 is written; later probes in awaitSlot may be refused too.
        assertEquals(1.0, server.counter("postfleet.smtp.connections", "result", "refused"));
        first.exchange("QUIT", "221");
        first.expectClosed();
      }
      awaitSlot(server);
    }
  }

  @Test
  void shutdownTellsIdleSessions421AtOnceAndLetsATransactionFinish() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().grace(Duration.ofSeconds(20)).start();
        SmtpTestClient idle = server.connect();
        SmtpTestClient busy = server.connect()) {
      idle.expect("220");
      busy.expect("220");
      busy.exchange("EHLO client.example.test", "250 ");
      busy.exchange("MAIL FROM:<a@client.example.test>", "250");
      busy.exchange("RCPT TO:<request@mail.example.test>", "250");

      long started = System.nanoTime();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.server().stop());
      idle.expect("421 4.3.2 mx.postfleet.test Error: service shutting down");
      idle.expectClosed();

      busy.exchange("DATA", "354");
      busy.exchange("last words\r\n.", "250 2.0.0 Ok: queued as");
      busy.expect("421 4.3.2");
      busy.expectClosed();
      stopping.get();
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
          "stop waited for the grace period although every session had ended");
      assertEquals(1, server.publisher.published().size());
    }
  }

  /** The permit is released just after the session's socket closes; retry briefly. */
  private static void awaitSlot(SmtpTestServer server) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      try (SmtpTestClient again = server.connect()) {
        String reply = again.readReply();
        if (reply.startsWith("220")) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("slot never freed: " + reply);
        }
      }
      Thread.sleep(20);
    }
  }
}
