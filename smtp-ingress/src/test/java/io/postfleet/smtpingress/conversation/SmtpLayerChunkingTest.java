package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.smtpingress.queue.HeaderRules;
import io.postfleet.smtpingress.queue.MissingHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CHUNKING and BINARYMIME (RFC 3030) over real sockets: chunks are read by length, never as commands. */
class SmtpLayerChunkingTest {
  private SmtpTestServer server;

  @BeforeEach
  void start() throws Exception {
    // The content must arrive octet for octet: no header fix-ups in between.
    server = SmtpTestServer.builder().headerRules(new HeaderRules(50, MissingHeaders.Mode.NEVER)).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pipelinedChunksMakeOneMessageAndDotsAreContent() throws Exception {
    try (SmtpTestClient c = transaction()) {
      c.sendRaw("BDAT 12\r\nSubject: x\r\n" + "BDAT 9\r\n.\r\nQUIT\r\n" + "BDAT 0 LAST\r\nNOOP\r\n");
      c.expect("250 2.0.0 Ok: 12 bytes");
      c.expect("250 2.0.0 Ok: 9 bytes");
      c.expect("250 2.0.0 Ok: queued as");
      c.expect("250 2.0.0 Ok");
    }
    assertArrayEquals(bytes("Subject: x\r\n.\r\nQUIT\r\n"), body(only()));
    assertEquals(EsmtpOptions.BodyType.SEVEN_BIT, only().envelope().options().body());
  }

  @Test
  void aSessionSentOneByteAtATimeStaysInStep() throws Exception {
    try (SmtpTestClient c = transaction()) {
      byte[] all = bytes("BDAT 8 LAST\r\nhi\r\nyo\r\nNOOP\r\n");
      for (byte b : all) {
        c.sendBytes(new byte[] {b});
      }
      c.expect("250 2.0.0 Ok: queued as");
      c.expect("250 2.0.0 Ok");
    }
    assertArrayEquals(bytes("hi\r\nyo\r\n"), body(only()));
  }

  @Test
  void chunksOutOfSequenceAreReadPastAndRefused() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.sendRaw("BDAT 12\r\nRSET\r\nRSET\r\n");
      c.expect("503 5.5.1 Error: send HELO/EHLO first");
      c.exchange("EHLO client.example.test", "250 ");
      c.sendRaw("BDAT 6 LAST\r\nQUIT\r\n");
      c.expect("503 5.5.1 Error: need MAIL command");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<nobody@mail.example.test>", "550");
      c.sendRaw("BDAT 6 LAST\r\nQUIT\r\n");
      c.expect("554 5.5.1 Error: no valid recipients");
      c.exchange("NOOP", "250");
    }
    assertEquals(List.of(), server.publisher.published());
  }

  @Test
  void dataAfterBdatAndBinaryMimeWithDataAreBadSequence() throws Exception {
    try (SmtpTestClient c = transaction()) {
      c.sendRaw("BDAT 3\r\nab\n");
      c.expect("250 2.0.0 Ok: 3 bytes");
      c.exchange("DATA", "503 5.5.1 Error: DATA after BDAT");
      c.exchange("RSET", "250");
      c.exchange("MAIL FROM:<a@client.example.test> BODY=BINARYMIME", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "503 5.5.1 Error: BODY=BINARYMIME needs BDAT");
    }
  }

  @Test
  void binaryMimeCarriesAnyOctetButOtherBodiesRefuseBareLineEnds() throws Exception {
    byte[] binary = {'a', '\n', 0, (byte) 0xff, '\r', '.', '\r', '\n'};
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test> BODY=BINARYMIME", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.sendRaw("BDAT 8 LAST\r\n");
      c.sendBytes(binary);
      c.expect("250 2.0.0 Ok: queued as");

      c.exchange("MAIL FROM:<a@client.example.test> BODY=8BITMIME", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.sendRaw("BDAT 8 LAST\r\n");
      c.sendBytes(binary);
      c.expect("550 5.5.2 Error: bare <LF> received");
    }
    assertArrayEquals(binary, body(only()));
    assertEquals(EsmtpOptions.BodyType.BINARY_MIME, only().envelope().options().body());
  }

  @Test
  void chunksOverTheSizeLimitAreReadAndRefusedAtTheEnd() throws Exception {
    try (SmtpTestServer small = SmtpTestServer.builder().sizeLimit(10).start();
        SmtpTestClient c = small.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.sendRaw("BDAT 8\r\n12345678BDAT 4 LAST\r\n90\r\n");
      c.expect("250 2.0.0 Ok: 8 bytes");
      c.expect("552 5.3.4 Error: message file too big");
      c.exchange("NOOP", "250");
      assertEquals(List.of(), small.publisher.published());
    }
  }

  @Test
  void aBdatWithoutAUsableSizeEndsTheSession() throws Exception {
    try (SmtpTestClient c = transaction()) {
      c.exchange("BDAT ten LAST", "501 5.5.4 Syntax: BDAT count [LAST]");
      c.expectClosed();
    }
  }

  private SmtpTestClient transaction() throws Exception {
    SmtpTestClient c = server.connect();
    c.expect("220");
    c.exchange("EHLO client.example.test", "250 ");
    c.exchange("MAIL FROM:<a@client.example.test>", "250");
    c.exchange("RCPT TO:<request@mail.example.test>", "250");
    return c;
  }

  private InboundMessage only() {
    assertEquals(1, server.publisher.published().size());
    return server.publisher.published().get(0);
  }

  /** The content without the Received header we prepend. */
  private static byte[] body(InboundMessage message) {
    byte[] content = message.content();
    String text = new String(content, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n", text.indexOf("Received:"));
    while (text.charAt(end + 2) == '\t') {
      end = text.indexOf("\r\n", end + 2);
    }
    return Arrays.copyOfRange(content, end + 2, content.length);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
