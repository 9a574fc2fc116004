package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SMTP conversations over real sockets against the real server, with fake maps and a recording
 * publisher behind it: this tests the SMTP layer, not Kafka or PostgreSQL.
 */
class SmtpLayerConversationTest {
  private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([0-9A-Z]{16})\r\n");

  private SmtpTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SmtpTestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void seedTutorialTelnetSessionIsQueuedWithTheBytesAsTyped() throws Exception {
    String queueId;
    try (SmtpTestClient c = server.connect()) {
      assertEquals("220 mx.postfleet.test ESMTP Postfleet\r\n", c.readReply());
      assertEquals("250-mx.postfleet.test\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n"
          + "250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n"
          + "250 BINARYMIME\r\n", c.exchange("EHLO mail.example.test", "250 "));
      assertEquals("250 2.1.0 Ok\r\n", c.exchange("MAIL FROM:info@mail.example.test", "250"));
      assertEquals("250 2.1.5 Ok\r\n", c.exchange("RCPT TO:request@mail.example.test", "250"));
      assertEquals("354 End data with <CR><LF>.<CR><LF>\r\n", c.exchange("DATA", "354"));
      c.send("mail from info to root.");
      queueId = queueId(c.exchange(".", "250 2.0.0 Ok: queued as "));
      assertEquals("221 2.0.0 Bye\r\n", c.exchange("QUIT", "221"));
      c.expectClosed();
    }

    assertEquals(1, server.publisher.published().size());
    InboundMessage message = server.publisher.published().get(0);
    Envelope envelope = message.envelope();
    assertEquals(queueId, envelope.queueId());
    assertEquals("info@mail.example.test", envelope.mailFrom());
    assertEquals(List.of("request@mail.example.test"), envelope.recipients());
    assertEquals("127.0.0.1", envelope.clientAddress());
    assertEquals("unknown", envelope.clientName());
    assertEquals("mail.example.test", envelope.helo());
    assertEquals("ESMTP", envelope.protocol());
    assertEquals("mail from info to root.\r\n".length(), envelope.size());
    assertEquals(EsmtpOptions.NONE, envelope.options());
    assertEquals("", envelope.tls());
    assertEquals("", envelope.authUser());

    String content = new String(message.content(), StandardCharsets.US_ASCII);
    String header = "Received: from mail.example.test (unknown [127.0.0.1])\r\n"
        + "\tby mx.postfleet.test (Postfleet) with ESMTP id " + queueId + "\r\n"
        + "\tfor <request@mail.example.test>; ";
    assertTrue(content.startsWith(header), content);
    // A trusted client's message without headers gets Date:, Message-ID: and From: (Postfix's cleanup),
    // then the empty line that keeps the first line the body.
    assertTrue(content.matches("(?s).*; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n"
        + "Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n"
        + "Message-ID: <\\d{14}\\." + queueId + "@mx\\.postfleet\\.test>\r\n"
        + "From: info@mail\\.example\\.test\r\n"
        + "\r\n"
        + "mail from info to root\\.\r\n"), content);
    assertEquals(1.0, server.counter("postfleet.smtp.messages.accepted", null, null));
  }

  @Test
  void wholeTransactionPipelinedInOneWrite() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.sendRaw("MAIL FROM:<sender@client.example.test> SIZE=60 BODY=8BITMIME\r\n"
          + "RCPT TO:<request@mail.example.test>\r\n"
          + "RCPT TO:<nobody@mail.example.test>\r\n"
          + "DATA\r\n"
          + "Subject: pipelined\r\n\r\n..leading dot\r\n\u00e7\r\n.\r\n"
          + "QUIT\r\n");
      c.expect("250 2.1.0");
      c.expect("250 2.1.5");
      c.expect("550 5.1.1");
      c.expect("354");
      c.expect("250 2.0.0 Ok: queued as ");
      c.expect("221 2.0.0");
      c.expectClosed();
    }

    InboundMessage message = server.publisher.published().get(0);
    assertEquals(List.of("request@mail.example.test"), message.envelope().recipients());
    assertEquals(EsmtpOptions.BodyType.EIGHT_BIT_MIME, message.envelope().options().body());
    // Dots unstuffed, 8-bit octets kept; Date:, Message-ID: and From: added for a trusted client.
    byte[] body = "From: sender@client.example.test\r\n\r\n.leading dot\r\n\u00e7\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] content = message.content();
    byte[] tail = java.util.Arrays.copyOfRange(content, content.length - body.length, content.length);
    assertArrayEquals(body, tail);
  }

  @Test
  void publisherFailureGives451AndNeverA250AndTheSessionGoesOn() throws Exception {
    server.publisher.failing(true);
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      assertEquals("451 4.3.0 Error: queue file write error\r\n", c.exchange("hello\r\n.", "451"));

      // The failed transaction is gone: a new MAIL is not "nested", RCPT needs it first.
      c.exchange("RCPT TO:<request@mail.example.test>", "503 5.5.1 Error: need MAIL command");
      server.publisher.failing(false);
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.exchange("again\r\n.", "250 2.0.0 Ok: queued as");
    }
    assertEquals(1, server.publisher.published().size());
    assertEquals(1.0, server.counter("postfleet.smtp.messages.rejected", "reason", "publish_failed"));
  }

  @Test
  void commandsOutOfSequenceGet503() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("MAIL FROM:<a@client.example.test>", "503 5.5.1 Error: send HELO/EHLO first");
      c.exchange("HELO client.example.test", "250 mx.postfleet.test");
      c.exchange("RCPT TO:<request@mail.example.test>", "503 5.5.1 Error: need MAIL command");
      c.exchange("DATA", "503 5.5.1 Error: need MAIL command");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("MAIL FROM:<a@client.example.test>", "503 5.5.1 Error: nested MAIL command");
      c.exchange("DATA", "503 5.5.1 Error: need RCPT command");
      c.exchange("RCPT TO:<nobody@mail.example.test>", "550");
      c.exchange("DATA", "554 5.5.1 Error: no valid recipients");
      c.exchange("RSET", "250 2.0.0 Ok");
      c.exchange("RCPT TO:<request@mail.example.test>", "503 5.5.1 Error: need MAIL command");
    }
  }

  @Test
  void otherCommandsAndUnknownOnes() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("NOOP", "250 2.0.0 Ok");
      c.exchange("VRFY request@mail.example.test", "252 2.5.0");
      c.exchange("VRFY", "501 5.5.4 Syntax: VRFY address");
      c.exchange("HELP", "214 2.0.0 Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP");
      c.exchange("STARTTLS", "500 5.5.2 Error: command not recognized");
      c.exchange("EHLO", "501 5.5.4 Syntax: EHLO hostname");
      c.exchange("ehlo lower.example.test", "250 ");
      c.exchange("mail from:<>", "250 2.1.0");
      c.exchange("MAIL FROM:<a@b.test>", "503 5.5.1 Error: nested MAIL command");
      c.exchange("EHLO again.example.test", "250 ");
      c.exchange("MAIL FROM:<a@b.test> AUTH=<>", "555 5.5.4 Unsupported option: AUTH");
      c.exchange("MAIL FROM:<a@@b.test>", "501 5.1.7 Bad sender address syntax");
      c.exchange("QUIT", "221");
    }
  }

  @Test
  void smuggledEndOfDataIsContentAndTheMessageIsRefused() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.sendRaw("first\n.\r\nMAIL FROM:<ceo@mail.example.test>\r\nRCPT TO:<request@mail.example.test>\r\n"
          + "DATA\r\nforged\r\n.\r\n");
      c.expect("550 5.5.2 Error: bare <LF> received");
      c.exchange("NOOP", "250");
    }
    assertEquals(List.of(), server.publisher.published());
  }

  private static String queueId(String reply) {
    Matcher m = QUEUED.matcher(reply);
    assertTrue(m.matches(), reply);
    return m.group(1);
  }
}
