package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.InboundMessage;
import io.postfleet.maps.RecipientStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RCPT-time decisions as a client sees them, over real sockets; maps and publisher are fakes. */
class SmtpLayerRecipientChecksTest {

  @Test
  void unknownLocalUserGets550() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = transaction(server)) {
      assertEquals("550 5.1.1 <info@mail.example.test>: Recipient address rejected: "
          + "User unknown in local recipient table\r\n", c.exchange("RCPT TO:<info@mail.example.test>", "550"));
      assertEquals(1.0, server.counter("postfleet.smtp.recipients.rejected", "reason", "unknown_user"));
    }
  }

  @Test
  void otherDomainsAreRelayDeniedForUntrustedClients() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).start();
        SmtpTestClient c = transaction(server)) {
      assertEquals("554 5.7.1 <someone@gmail.example>: Relay access denied\r\n",
          c.exchange("RCPT TO:<someone@gmail.example>", "554"));
      c.exchange("RCPT TO:<request@mail.example.test>", "250 2.1.5");
      assertEquals(1.0, server.counter("postfleet.smtp.recipients.rejected", "reason", "relay_denied"));
    }
  }

  @Test
  void trustedClientsMayRelay() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of("127.0.0.0/8")).start();
        SmtpTestClient c = transaction(server)) {
      c.exchange("RCPT TO:boratanrikulu@gmail.example", "250 2.1.5 Ok");
    }
  }

  @Test
  void trustedNetworksOtherThanTheClientsDoNotHelp() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of("192.0.2.0/24", "::1/128")).start();
        SmtpTestClient c = transaction(server)) {
      c.exchange("RCPT TO:<someone@gmail.example>", "554 5.7.1");
    }
  }

  @Test
  void mapsThatCannotAnswerDeferInsteadOfRejecting() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.start(); SmtpTestClient c = transaction(server)) {
      server.maps.set("later@mail.example.test", RecipientStatus.UNAVAILABLE);
      assertEquals("451 4.3.0 <later@mail.example.test>: Temporary lookup failure\r\n",
          c.exchange("RCPT TO:<later@mail.example.test>", "451"));
      server.maps.failWith(new IllegalStateException("database gone"));
      c.exchange("RCPT TO:<request@mail.example.test>", "451 4.3.0 <request@mail.example.test>");
    }
  }

  @Test
  void recipientsBeyondTheLimitGet452AndTheRestIsDelivered() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().recipientLimit(2).errorLimit(3).start();
        SmtpTestClient c = transaction(server)) {
      server.maps.set("second@mail.example.test", RecipientStatus.LOCAL);
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("RCPT TO:<second@mail.example.test>", "250");
      for (int i = 0; i < 5; i++) {
        // Not counted as errors: the error limit of 3 would otherwise end the session.
        c.exchange("RCPT TO:<third" + i + "@mail.example.test>", "452 4.5.3 Error: too many recipients");
      }
      c.exchange("DATA", "354");
      c.exchange("body\r\n.", "250 2.0.0 Ok: queued as");

      InboundMessage message = server.publisher.published().get(0);
      assertEquals(List.of("request@mail.example.test", "second@mail.example.test"),
          message.envelope().recipients());
      String content = new String(message.content(), StandardCharsets.US_ASCII);
      assertTrue(content.contains(" id " + message.envelope().queueId() + ";\r\n\t"), content);
      assertTrue(!content.contains("\tfor <"), "no 'for' with two recipients: " + content);
    }
  }

  @Test
  void barePostmasterIsLookedUpBareAndKeptBareInTheEnvelope() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).start();
        SmtpTestClient c = transaction(server)) {
      server.maps.set("postmaster", RecipientStatus.LOCAL);
      c.exchange("RCPT TO:<Postmaster>", "250 2.1.5");
      c.exchange("DATA", "354");
      c.exchange("Subject: hi\r\n\r\nhello\r\n.", "250 2.0.0");
      // The maps, not smtp-ingress, know where the postmaster is (RFC 5321 §4.5.1).
      assertEquals(List.of("postmaster"), server.publisher.published().get(0).envelope().recipients());
    }
  }

  @Test
  void tooManyErrorsEndTheSession() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().errorLimit(3).start();
        SmtpTestClient c = transaction(server)) {
      c.exchange("RCPT TO:<x1@mail.example.test>", "550");
      c.exchange("RCPT TO:<x2@mail.example.test>", "550");
      c.send("RCPT TO:<x3@mail.example.test>");
      c.expect("550");
      c.expect("421 4.7.0 mx.postfleet.test Error: too many errors");
      c.expectClosed();
    }
  }

  private static SmtpTestClient transaction(SmtpTestServer server) throws Exception {
    SmtpTestClient c = server.connect();
    c.expect("220");
    c.exchange("EHLO client.example.test", "250 ");
    c.exchange("MAIL FROM:<info@mail.example.test>", "250");
    return c;
  }
}
