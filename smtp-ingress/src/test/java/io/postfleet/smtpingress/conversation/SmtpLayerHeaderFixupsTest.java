package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.queue.HeaderRules;
import io.postfleet.smtpingress.queue.MissingHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end of DATA as Postfix's cleanup ends it: a message that looped (more Received: and
 * Delivered-To: than hopcount_limit) gets 554 5.4.6 while the client is still there, and a local
 * client's message gets the Date:, Message-ID: and From: it lacks; a stranger's does not.
 */
class SmtpLayerHeaderFixupsTest {

  private static String hops(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i % 2 == 0 ? "Received: from hop" + i + " by us\r\n\tfor <x@y>; now\r\n" : "Delivered-To: x@y\r\n");
    }
    return s.toString();
  }

  private static String send(SmtpTestClient c, String content, String expected) throws Exception {
    c.expect("220");
    c.exchange("EHLO client.example.test", "250 ");
    c.exchange("MAIL FROM:<sender@client.example.test>", "250");
    c.exchange("RCPT TO:<request@mail.example.test>", "250");
    c.exchange("DATA", "354");
    return c.exchange(content + ".", expected);
  }

  private static String published(SmtpTestServer server) {
    List<?> all = server.publisher.published();
    assertEquals(1, all.size());
    return new String(server.publisher.published().get(0).content(), StandardCharsets.UTF_8);
  }

  @Test
  void aMessageOverTheHopLimitIsRefusedWith554AndTheSessionGoesOn() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder()
        .headerRules(new HeaderRules(10, MissingHeaders.Mode.LOCAL)).start();
        SmtpTestClient c = server.connect()) {
      // Nine hops and ours make ten: still within the limit.
      send(c, hops(9) + "Subject: nine\r\n\r\nbody\r\n", "250 2.0.0");
      c.exchange("MAIL FROM:<sender@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      assertEquals("554 5.4.6 Too many hops\r\n", c.exchange(hops(10) + "\r\nbody\r\n.", "554"));
      c.exchange("NOOP", "250");
      assertEquals(1, server.publisher.published().size());
      assertEquals(1.0, server.counter("postfleet.smtp.messages.rejected", "reason", "too_many_hops"));
    }
  }

  @Test
  void hopsInTheBodyDoNotCount() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder()
        .headerRules(new HeaderRules(3, MissingHeaders.Mode.LOCAL)).start();
        SmtpTestClient c = server.connect()) {
      send(c, "Subject: quoted\r\n\r\n" + hops(5), "250 2.0.0");
    }
  }

  @Test
  void missingHeadersAreAddedAtTheEndOfTheHeaderSection() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = server.connect()) {
      send(c, "Subject: folded\r\n continued\r\n\r\nbody\r\n", "250 2.0.0");
      String content = published(server);
      assertTrue(content.matches("(?s)Received: .*\r\nSubject: folded\r\n continued\r\n"
          + "Date: [^\r\n]+\r\nMessage-ID: <\\d{14}\\.[0-9A-Z]{16}@mx\\.postfleet\\.test>\r\n"
          + "From: sender@client\\.example\\.test\r\n\r\nbody\r\n"), content);
    }
  }

  @Test
  void headersPresentAreLeftAlone() throws Exception {
    String message = "From: Ann <ann@client.example.test>\r\nDate: Tue, 3 Jun 2025 10:00:00 +0000\r\n"
        + "Message-ID: <x@client.example.test>\r\n\r\nbody\r\n";
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = server.connect()) {
      send(c, message, "250 2.0.0");
      String content = published(server);
      assertTrue(content.endsWith("\r\n" + message), content);
      assertFalse(content.substring(0, content.length() - message.length()).contains("Message-ID"), content);
    }
  }

  @Test
  void aMessageWithNoBodyGetsItsHeadersAtTheEnd() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = server.connect()) {
      send(c, "Subject: only a header\r\n", "250 2.0.0");
      assertTrue(published(server).matches("(?s)Received: .*\r\nSubject: only a header\r\nDate: [^\r\n]+\r\n"
          + "Message-ID: <[^\r\n]+>\r\nFrom: sender@client\\.example\\.test\r\n"), published(server));
    }
  }

  @Test
  void aStrangersMessageIsLeftAsItCameUnlessAlways() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of("127.0.0.1/32")).start();
        SmtpTestClient c = server.connectFrom("127.0.0.2")) {
      send(c, "no headers at all\r\n", "250 2.0.0");
      assertTrue(published(server).matches("(?s)Received: .*\r\nno headers at all\r\n"), published(server));
    }
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of("127.0.0.1/32"))
        .headerRules(new HeaderRules(50, MissingHeaders.Mode.ALWAYS)).start();
        SmtpTestClient c = server.connectFrom("127.0.0.2")) {
      send(c, "no headers at all\r\n", "250 2.0.0");
      assertTrue(published(server).matches("(?s)Received: .*\r\nDate: [^\r\n]+\r\nMessage-ID: <[^\r\n]+>\r\n"
          + "From: sender@client\\.example\\.test\r\n\r\nno headers at all\r\n"), published(server));
    }
  }

  @Test
  void neverAddsNothingEvenForATrustedClient() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder()
        .headerRules(new HeaderRules(50, MissingHeaders.Mode.NEVER)).start();
        SmtpTestClient c = server.connect()) {
      send(c, "no headers at all\r\n", "250 2.0.0");
      assertTrue(published(server).matches("(?s)Received: .*\r\nno headers at all\r\n"), published(server));
    }
  }
}
