package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.EsmtpOptions.BodyType;
import io.postfleet.contract.EsmtpOptions.DsnReturn;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** BODY=BINARYMIME mail goes in BDAT chunks (RFC 3030) or not at all, against an {@link SmtpSink}. */
class BinaryMimeTest {
  private static final EsmtpOptions BINARY = new EsmtpOptions(BodyType.BINARY_MIME, false, "", DsnReturn.DEFAULT,
      Map.of());

  private TestDnsServer dns;
  private SmtpSink mx;
  private TestRelay relay;
  private String hop;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    mx = SmtpSink.start().keywords("8BITMIME", "PIPELINING", "ENHANCEDSTATUSCODES", "CHUNKING", "BINARYMIME");
    relay = new TestRelay(dns, mx.port());
    hop = "[127.0.0.1]:" + mx.port();
  }

  @AfterEach
  void stop() {
    relay.close();
    mx.close();
    dns.close();
  }

  @Test
  void binaryContentArrivesByteForByteInBdatChunks() throws Exception {
    byte[] content = binaryMessage(2 * 1024 * 1024 + 5);

    List<DeliveryResult> results = relay.deliver(job(hop, BINARY, content, "a@outside.test", "b@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)",
        "data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(results));
    assertArrayEquals(content, mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).data());
    assertEquals(List.of("MAIL FROM:<info@mail.example.test> BODY=BINARYMIME", "RCPT TO:<a@outside.test>",
        "RCPT TO:<b@outside.test>", "BDAT 1048576", "BDAT 1048576", "BDAT 5 LAST"), transaction());
  }

  @Test
  void withoutPipeliningTheChunksFollowTheRecipientsOneByOne() throws Exception {
    mx.keywords("8BITMIME", "CHUNKING", "BINARYMIME");
    byte[] content = binaryMessage(300);

    List<DeliveryResult> results = relay.deliver(job(hop, BINARY, content, "a@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0"), statuses(results));
    assertArrayEquals(content, mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).data());
    assertEquals(List.of("MAIL FROM:<info@mail.example.test> BODY=BINARYMIME", "RCPT TO:<a@outside.test>",
        "BDAT 300 LAST"), transaction());
    assertEquals(0, mx.pipelinedCommands());
  }

  @Test
  void serverWithoutChunkingGetsNothingAndTheMessageBounces() throws Exception {
    mx.keywords("8BITMIME", "PIPELINING", "ENHANCEDSTATUSCODES", "BINARYMIME");

    List<DeliveryResult> results = relay.deliver(job(hop, BINARY, binaryMessage(100), "a@outside.test"));

    assertEquals(List.of("mail: bounced 5.6.3 (message was declared BINARYMIME, but host 127.0.0.1[127.0.0.1] "
        + "does not support CHUNKING and BINARYMIME, and it cannot be sent with DATA)"), show(results));
    assertEquals(List.of(), transaction(), "no MAIL, no DATA");
  }

  @Test
  void recipientRepliesAndTheLastChunksReplyAreRecordedAsForData() throws Exception {
    mx.rcptReply("b@outside.test", "550 5.1.1 No such user").dataReply("554 5.7.1 Content refused");

    List<DeliveryResult> results = relay
        .deliver(job(hop, BINARY, binaryMessage(10), "a@outside.test", "b@outside.test"));

    assertEquals(List.of(
        "data-done: bounced 5.7.1 (host 127.0.0.1[127.0.0.1] said: 554 5.7.1 Content refused (in reply to BDAT command))",
        "rcpt: bounced 5.1.1 (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 No such user (in reply to RCPT TO command))"),
        show(results));
  }

  @Test
  void aRefusedChunkEndsTheTransferAndTheSessionIsStillUsable() throws Exception {
    mx.chunkReply("452 4.3.1 Insufficient system storage");

    List<DeliveryResult> refused = relay.deliver(job(hop, BINARY, binaryMessage(1024 * 1024 + 1), "a@outside.test"));
    List<DeliveryResult> plain = relay.deliver(job(hop, "b@outside.test"));

    assertEquals(List.of("data-done: deferred 4.3.1 (host 127.0.0.1[127.0.0.1] said: 452 4.3.1 Insufficient "
        + "system storage (in reply to BDAT command))"), show(refused));
    assertTrue(mx.commands().stream().noneMatch(c -> c.equals("BDAT 1 LAST")), "no chunk after a refused one");
    assertEquals(List.of("data-done: sent 2.0.0"), statuses(plain), "plain mail still takes DATA");
    assertTrue(mx.commands().contains("DATA"));
    assertEquals(1, mx.connections());
  }

  @Test
  void eightBitMailKeepsData() throws Exception {
    EsmtpOptions eightBit = new EsmtpOptions(BodyType.EIGHT_BIT_MIME, false, "", DsnReturn.DEFAULT, Map.of());

    relay.deliver(job(hop, eightBit, "Subject: x\r\n\r\nd\u00e9j\u00e0\r\n".getBytes(StandardCharsets.UTF_8),
        "a@outside.test"));

    mx.awaitMessages(1, Duration.ofSeconds(5));
    assertTrue(mx.commands().contains("DATA"), mx.commands().toString());
    assertTrue(mx.commands().stream().noneMatch(c -> c.startsWith("BDAT")), mx.commands().toString());
  }

  /** Headers, then bare LF, bare CR, NUL, lone dots and high octets: all that DATA could not carry. */
  private static byte[] binaryMessage(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes("From: info@mail.example.test\r\nContent-Type: application/octet-stream\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII));
    byte[] awkward = {'\n', '.', '\n', 0, '\r', '.', '\r', '\n', '.', (byte) 0xff, 0, '\n'};
    for (int i = 0; out.size() < size; i++) {
      out.write(i % 7 == 0 ? awkward[i % awkward.length] : (byte) (i * 31));
    }
    return out.toByteArray();
  }

  /** The commands of mail transactions, without EHLO, RSET or QUIT. */
  private List<String> transaction() {
    return mx.commands().stream().filter(c -> c.startsWith("MAIL") || c.startsWith("RCPT")
        || c.startsWith("DATA") || c.startsWith("BDAT")).collect(Collectors.toList());
  }

  private static List<String> statuses(List<DeliveryResult> results) {
    return results.stream().map(r -> r.facts().stage() + ": " + r.outcome().statusWord() + " "
        + r.outcome().dsnStatus()).collect(Collectors.toList());
  }
}
