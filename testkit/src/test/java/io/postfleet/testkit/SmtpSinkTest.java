package io.postfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to the sink over a raw socket, the way a telnet session would. */
class SmtpSinkTest {
  private SmtpSink sink;
  private Socket socket;
  private BufferedReader in;
  private OutputStream out;

  @BeforeEach
  void start() throws IOException {
    sink = SmtpSink.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (socket != null) {
      socket.close();
    }
    sink.close();
  }

  @Test
  void recordsEnvelopeAndDotUnstuffedBytes() throws Exception {
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250 ENHANCEDSTATUSCODES");
    send("MAIL FROM:<a@client.test>");
    expect("250 2.1.0");
    send("RCPT TO:<b@sink.test>");
    expect("250 2.1.5");
    send("RCPT TO:<c@sink.test>");
    expect("250 2.1.5");
    send("DATA");
    expect("354 ");
    raw("Subject: dots\r\n\r\n..leading dot\r\n...\r\n.\r\n");
    expect("250 2.0.0");
    send("QUIT");
    expect("221 ");

    SinkMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("client.test", m.helo());
    assertEquals("a@client.test", m.mailFrom());
    assertEquals(List.of("b@sink.test", "c@sink.test"), m.recipients());
    assertArrayEquals(
        "Subject: dots\r\n\r\n.leading dot\r\n..\r\n".getBytes(StandardCharsets.US_ASCII), m.data());
    assertEquals(
        List.of("EHLO client.test", "MAIL FROM:<a@client.test>", "RCPT TO:<b@sink.test>",
            "RCPT TO:<c@sink.test>", "DATA", "QUIT"),
        sink.commands());
  }

  @Test
  void scriptedRecipientReplyRejectsOnlyThatRecipient() throws Exception {
    sink.rcptReply("Nobody@sink.test", "550 5.1.1 <nobody@sink.test>: Recipient address rejected");
    connect();
    expect("220 ");
    send("HELO client.test");
    expect("250 sink.test");
    send("MAIL FROM:<>");
    expect("250 ");
    send("RCPT TO:<nobody@sink.test>");
    expect("550 5.1.1 <nobody@sink.test>: Recipient address rejected");
    send("RCPT TO:<b@sink.test>");
    expect("250 ");
    send("DATA");
    expect("354 ");
    raw("x\r\n.\r\n");
    expect("250 ");

    SinkMessage m = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("", m.mailFrom());
    assertEquals(List.of("b@sink.test"), m.recipients());
  }

  @Test
  void refusingGreetingAnswers503UntilQuit() throws Exception {
    sink.greeting("421 4.3.2 Service not available");
    connect();
    expect("421 4.3.2 Service not available");
    send("EHLO client.test");
    expect("503 5.5.1");
    send("QUIT");
    expect("221 ");
    assertEquals(1, sink.connections());
  }

  @Test
  void rejectedDataIsNotRecordedAndAwaitGivesUp() throws Exception {
    sink.dataReply("554 5.7.1 Message refused");
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250 ");
    send("MAIL FROM:<a@client.test>");
    expect("250 ");
    send("RCPT TO:<b@sink.test>");
    expect("250 ");
    send("DATA");
    expect("354 ");
    raw("x\r\n.\r\n");
    expect("554 5.7.1 Message refused");

    assertTrue(sink.messages().isEmpty());
    assertThrows(IllegalStateException.class, () -> sink.awaitMessages(1, Duration.ofMillis(200)));
  }

  @Test
  void heldRepliesComeWithTheDataReplyAndPipeliningIsCounted() throws Exception {
    sink.holdRepliesUntilData();
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250 ");
    raw("MAIL FROM:<a@client.test>\r\nRCPT TO:<b@sink.test>\r\nDATA\r\n");
    expect("250 2.1.0", "250 2.1.5", "354 ");
    raw("x\r\n.\r\n");
    expect("250 2.0.0");

    assertEquals(2, sink.pipelinedCommands(), "MAIL and RCPT arrived with the next command behind them");
  }

  @Test
  void authPlainAndLoginCheckThePassword() throws Exception {
    sink.auth("user", "secret").keywords("PIPELINING");
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-PIPELINING", "250 AUTH PLAIN LOGIN");
    send("AUTH PLAIN " + base64("\0user\0wrong"));
    expect("535 5.7.8");
    send("AUTH LOGIN");
    expect("334 VXNlcm5hbWU6");
    send(base64("user"));
    expect("334 UGFzc3dvcmQ6");
    send(base64("secret"));
    expect("235 2.7.0");
    send("MAIL FROM:<a@client.test>");
    expect("250 ");
    send("RCPT TO:<b@sink.test>");
    expect("250 ");
    send("DATA");
    expect("354 ");
    raw("x\r\n.\r\n");
    expect("250 ");

    assertEquals("user", sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).authUser());
  }

  @Test
  void starttlsIsRefusedWhenNotConfiguredAndScriptedWhenAsked() throws Exception {
    connect();
    expect("220 ");
    send("STARTTLS");
    expect("502 5.5.2");
    sink.starttlsReply("454 4.7.0 TLS not available").brokenStarttls();
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250 STARTTLS");
    send("STARTTLS");
    expect("454 4.7.0 TLS not available");
  }

  @Test
  void bdatChunksArriveUntouchedAndBinaryMimeRefusesData() throws Exception {
    sink.keywords("PIPELINING", "CHUNKING", "BINARYMIME");
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-PIPELINING", "250-CHUNKING", "250 BINARYMIME");
    send("MAIL FROM:<a@client.test> BODY=BINARYMIME");
    expect("250 2.1.0");
    send("RCPT TO:<b@sink.test>");
    expect("250 2.1.5");
    send("DATA");
    expect("503 5.5.1");
    raw("BDAT 5\r\n.\n\0\r\n");
    expect("250 2.0.0 5 octets received");
    raw("BDAT 3 LAST\r\n..\n");
    expect("250 2.0.0 Ok");

    assertArrayEquals(new byte[] {'.', '\n', 0, '\r', '\n', '.', '.', '\n'},
        sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).data());
    assertEquals(0, sink.pipelinedCommands(), "a chunk's octets are not a pipelined command");
  }

  @Test
  void withoutChunkingBdatIsUnknownAndBinaryMimeRefused() throws Exception {
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250 ");
    send("MAIL FROM:<a@client.test> BODY=BINARYMIME");
    expect("555 5.5.4");
    send("BDAT 0 LAST");
    expect("502 5.5.2");
  }

  @Test
  void recipientsBeyondTheLimitGet452InEachTransaction() throws Exception {
    sink.recipientsPerTransaction(1);
    connect();
    expect("220 ");
    send("EHLO client.test");
    expect("250-sink.test", "250-8BITMIME", "250-PIPELINING", "250 ");
    send("MAIL FROM:<a@client.test>");
    expect("250 ");
    send("RCPT TO:<b@sink.test>");
    expect("250 2.1.5");
    send("RCPT TO:<c@sink.test>");
    expect("452 4.5.3");
    send("RSET");
    expect("250 ");
    send("MAIL FROM:<a@client.test>");
    expect("250 ");
    send("RCPT TO:<c@sink.test>");
    expect("250 2.1.5");
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private void connect() throws IOException {
    socket = new Socket("127.0.0.1", sink.port());
    socket.setSoTimeout(5000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    out = socket.getOutputStream();
  }

  private void send(String command) throws IOException {
    raw(command + "\r\n");
  }

  private void raw(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void expect(String... prefixes) throws IOException {
    for (String prefix : prefixes) {
      String line = in.readLine();
      assertTrue(line != null && line.startsWith(prefix), "expected " + prefix + " but got " + line);
    }
  }
}
