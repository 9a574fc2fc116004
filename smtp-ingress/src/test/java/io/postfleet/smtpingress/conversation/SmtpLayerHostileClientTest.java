package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client gets: clean errors for NUL bytes, CR inside parameters and absurd
 * parameter lists; 421 past the per-client connection count and rate; cut off when it trickles a
 * command or message content (slowloris); and none of it touches another client's session.
 */
class SmtpLayerHostileClientTest {

  @Test
  void garbageInCommandsGetsCleanErrorsAndTheSessionGoesOn() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start();
        SmtpTestClient c = server.connect();
        SmtpTestClient bystander = server.connect()) {
      c.expect("220");
      bystander.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.sendRaw("MAIL FROM:<a@client.example.test>\0\r\n");
      c.expect("500 5.5.2 Error: bad syntax");
      c.sendRaw("MAIL FROM:<a@client.example.test> SIZE=1\rRCPT TO:<x@y.example>\r\n");
      c.expect("500 5.5.2 Error: bad syntax");
      c.sendRaw("MAIL FROM:<a@client\u00ff.example.test>\r\n");
      c.expect("500 5.5.2 Error: bad UTF-8 syntax");
      c.exchange("MAIL FROM:<a@client.example.test>" + parameters(11), "501 5.5.4 Error: too many parameters");
      c.exchange("MAIL FROM:<a@client.example.test>" + parameters(300), "501 5.5.4 Error: too many parameters");
      c.exchange("MAIL FROM:<a@client.example.test> SIZE=1 SIZE=1", "501 5.5.4 Error: bad parameter syntax");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      bystander.exchange("EHLO other.example", "250 ");
      bystander.exchange("NOOP", "250");
    }
  }

  @Test
  void connectionsPerClientAreLimitedAndTheSlotComesBack() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).clientLimits(2, 0).start()) {
      SmtpTestClient first = server.connect();
      first.expect("220");
      try (SmtpTestClient second = server.connect()) {
        // Admitted before the third connects: otherwise either of the two could be the one refused.
        second.expect("220");
        SmtpTestClient third = server.connect();
        third.expect("421 4.7.0 mx.postfleet.test Error: too many connections from 127.0.0.1");
        third.expectClosed();
        third.close();
        assertEquals(1.0, server.counter("postfleet.smtp.connections", "result", "client_limited"));
        first.exchange("QUIT", "221");
        first.close();
        awaitGreeting(server);
      }
    }
  }

  @Test
  void connectionRatePerClientIsLimitedWhenConfigured() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).clientLimits(50, 3).start()) {
      for (int i = 0; i < 3; i++) {
        try (SmtpTestClient c = server.connect()) {
          c.expect("220");
        }
      }
      try (SmtpTestClient c = server.connect()) {
        c.expect("421 4.7.0 mx.postfleet.test Error: too many connections from 127.0.0.1");
      }
    }
  }

  @Test
  void trustedClientsAreExemptFromPerClientLimits() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().clientLimits(1, 1).start();
        SmtpTestClient first = server.connect();
        SmtpTestClient second = server.connect()) {
      first.expect("220");
      second.expect("220");
    }
  }

  @Test
  void messageContentTrickledBelowTheMinimumRateIsCutOff() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().timeout(Duration.ofMillis(600)).minDataRate(500).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      long started = System.nanoTime();
      // Each byte comes well within the timeout, as a slowloris client sends them.
      String reply = trickle(c, "Subject: slow\r\n" + "x".repeat(100));
      assertTrue(reply.startsWith("421 4.4.2 mx.postfleet.test Error: timeout exceeded"), reply);
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(3)) < 0);
      assertEquals(List.of(), server.publisher.published());
    }
  }

  @Test
  void aCommandTrickledByteByByteIsCutOffTooButAQuickBigMessageIsNot() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().timeout(Duration.ofMillis(600)).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.sendRaw(("y".repeat(998) + "\r\n").repeat(2000));
      c.exchange(".", "250 2.0.0 Ok: queued as");
      long started = System.nanoTime();
      // 40 bytes at 100 ms each would take 4 s; the whole command must arrive within the timeout.
      String reply = trickle(c, "MAIL FROM:<a@client.example.test> BODY=7BIT");
      assertTrue(reply.startsWith("421 4.4.2"), reply);
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofMillis(2500)) < 0);
    }
  }

  /** {@code n} distinct keywords, {@code  P0=1 P1=1 ...}. */
  private static String parameters(int n) {
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < n; i++) {
      p.append(" P").append(i).append("=1");
    }
    return p.toString();
  }

  /** Sends one byte every 100 ms until the server answers; returns its answer. */
  private static String trickle(SmtpTestClient c, String text) throws Exception {
    for (char ch : text.toCharArray()) {
      try {
        c.sendRaw(String.valueOf(ch));
      } catch (IOException closed) {
        break;
      }
      Thread.sleep(100);
      if (c.available()) {
        break;
      }
    }
    return c.readReply();
  }

  private static void awaitGreeting(SmtpTestServer server) throws Exception {
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
