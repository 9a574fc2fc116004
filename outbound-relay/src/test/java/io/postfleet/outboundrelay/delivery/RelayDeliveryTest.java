package io.postfleet.outboundrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.outboundrelay.route.DnsTargetResolver;
import io.postfleet.outboundrelay.smtp.ConnectionLimits;
import io.postfleet.outboundrelay.smtp.DestinationPolicies;
import io.postfleet.outboundrelay.smtp.SmtpClient;
import io.postfleet.outboundrelay.smtp.SmtpTimeouts;
import io.postfleet.outboundrelay.smtp.TlsContexts;
import io.postfleet.outboundrelay.smtp.TlsLevel;
import io.postfleet.testkit.SinkMessage;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole deliveries on loopback: our DNS server names the MX hosts, {@link SmtpSink}s and scripted
 * servers play them, and the outcome and the exact bytes received are checked. No Kafka involved.
 */
class RelayDeliveryTest {
  private static final String CONTENT = "From: info@mail.example.test\r\nTo: a@outside.test\r\n"
      + "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDnsServer dns;
  private SmtpSink mx;
  private SmtpClient client;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
    client = client(SmtpTimeouts.all(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
    client.close();
    mx.close();
    dns.close();
  }

  @Test
  void mxWithOnlyAnIpv6AddressIsDeliveredToOverIpv6() throws Exception {
    SmtpSink mx6 = SmtpSink.start("::1", 0);
    closing.add(mx6);
    dns.mx("outside.test", 10, "mx6.outside.test").aaaa("mx6.outside.test", "::1");

    List<DeliveryResult> results = new RelayDelivery(
        DnsTargetResolver.create(Optional.of(List.of(dns.address())), Duration.ofMillis(500), 1, 5), client,
        new OutcomeRules(), new DestinationPolicies(TlsLevel.MAY, Map.of(), Map.of()), MessageSigning.NONE,
        mx6.port(), 50).deliver(job("outside.test", "a@outside.test"), Instant.now());

    assertEquals(List.of("a@outside.test sent 2.0.0 mx6.outside.test[::1]:" + mx6.port()
        + " (250 2.0.0 Ok: queued by sink)"), show(results));
    assertEquals(List.of("a@outside.test"), mx6.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients());
  }

  @Test
  void deliversToTheMxAndTheBytesSurviveDotStuffing() throws Exception {
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test", "b@outside.test"));

    String relay = "mx.outside.test[127.0.0.1]:" + mx.port();
    assertEquals(List.of(
        "a@outside.test sent 2.0.0 " + relay + " (250 2.0.0 Ok: queued by sink)",
        "b@outside.test sent 2.0.0 " + relay + " (250 2.0.0 Ok: queued by sink)"), show(results));
    SinkMessage m = mx.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("relay.test", m.helo());
    assertEquals("info@mail.example.test", m.mailFrom());
    assertEquals(List.of("a@outside.test", "b@outside.test"), m.recipients());
    assertArrayEquals(CONTENT.getBytes(StandardCharsets.US_ASCII), m.data());
  }

  @Test
  void contentWithoutFinalLineEndGetsOne() throws Exception {
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");
    RelayDeliveryJob job = new RelayDeliveryJob("Q1", "", "outside.test",
        List.of(new RelayDeliveryJob.Recipient("a@outside.test", "a@outside.test")), EsmtpOptions.NONE,
        Instant.EPOCH, 0, "Subject: x\r\n\r\nno line end".getBytes(StandardCharsets.US_ASCII));

    deliver(job);

    SinkMessage m = mx.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("", m.mailFrom(), "null sender goes out as MAIL FROM:<>");
    assertEquals("Subject: x\r\n\r\nno line end\r\n", m.text());
  }

  @Test
  void refusingGreetingOnTheFirstMxFallsOverToTheSecond() throws Exception {
    SmtpSink refusing = closeLater(SmtpSink.start("127.0.0.2", mx.port()))
        .greeting("421 4.3.2 Service not available");
    dns.mx("outside.test", 10, "mx1.outside.test").a("mx1.outside.test", "127.0.0.2")
        .mx("outside.test", 20, "mx2.outside.test").a("mx2.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test"));

    assertEquals(List.of("a@outside.test sent 2.0.0 mx2.outside.test[127.0.0.1]:" + mx.port()
        + " (250 2.0.0 Ok: queued by sink)"), show(results));
    assertEquals(1, refusing.connections());
    assertTrue(refusing.messages().isEmpty());
    assertEquals(1, mx.messages().size());
  }

  @Test
  void refusedConnectionOnTheFirstMxFallsOverToTheSecond() throws Exception {
    // Nothing listens on 127.0.0.3 at the sink's port.
    dns.mx("outside.test", 10, "mx1.outside.test").a("mx1.outside.test", "127.0.0.3")
        .mx("outside.test", 20, "mx2.outside.test").a("mx2.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test"));

    assertEquals("sent", results.get(0).outcome().statusWord());
    assertEquals(1, mx.awaitMessages(1, Duration.ofSeconds(5)).size());
  }

  @Test
  void noMxAnsweringDefersWithTheLastOnesReason() throws Exception {
    dns.mx("outside.test", 10, "mx1.outside.test").a("mx1.outside.test", "127.0.0.3")
        .mx("outside.test", 20, "mx2.outside.test").a("mx2.outside.test", "127.0.0.4");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test"));

    String relay = "mx2.outside.test[127.0.0.4]:" + mx.port();
    assertEquals(List.of("a@outside.test deferred 4.4.1 " + relay + " (connect to " + relay
        + ": Connection refused)"), show(results));
  }

  @Test
  void rejectedRecipientBouncesWhileTheOtherIsDelivered() throws Exception {
    mx.rcptReply("b@outside.test", "550 5.1.1 <b@outside.test>: Recipient address rejected");
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test", "b@outside.test"));

    String relay = "mx.outside.test[127.0.0.1]:" + mx.port();
    assertEquals(List.of(
        "a@outside.test sent 2.0.0 " + relay + " (250 2.0.0 Ok: queued by sink)",
        "b@outside.test bounced 5.1.1 " + relay + " (host mx.outside.test[127.0.0.1] said: 550 5.1.1 "
            + "<b@outside.test>: Recipient address rejected (in reply to RCPT TO command))"),
        show(results));
    assertEquals(List.of("a@outside.test"), mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients());
  }

  @Test
  void factsNameTheStageWhereEachRecipientWasDecided() throws Exception {
    mx.rcptReply("b@outside.test", "550 5.1.1 No such user");
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1")
        .nxdomain("nowhere.test").mx("closed.test", 10, "mx.closed.test").a("mx.closed.test", "127.0.0.3");
    ScriptedServer silent = closeLater(new ScriptedServer(socket -> Thread.sleep(5_000)));
    client.close();
    client = client(SmtpTimeouts.all(Duration.ofMillis(500)));

    List<DeliveryResult> results = new ArrayList<>(deliver(job("outside.test", "a@outside.test", "b@outside.test")));
    results.addAll(deliver(job("nowhere.test", "c@nowhere.test")));
    results.addAll(deliver(job("closed.test", "d@closed.test")));
    results.addAll(deliver(job(silent.nextHop(), "e@outside.test")));
    results.addAll(deliver(job("[127.0.0.1]x", "f@outside.test")));

    assertEquals(List.of("a@outside.test data-done", "b@outside.test rcpt", "c@nowhere.test dns",
        "d@closed.test connect", "e@outside.test greeting", "f@outside.test routing"),
        results.stream().map(r -> r.recipient() + " " + r.facts().stage()).collect(Collectors.toList()));
    assertEquals("deferred 4.3.5", statuses(results).get(5));
    assertTrue(results.stream().allMatch(r -> r.facts().tls().isEmpty()), "the sink offers no STARTTLS");
    assertTrue(results.get(4).facts().elapsedMillis() >= 450, "the greeting timeout is part of the time");
  }

  @Test
  void recipientDeferredByOneMxIsTriedAtTheNext() throws Exception {
    SmtpSink greylisting = closeLater(SmtpSink.start("127.0.0.2", mx.port()))
        .rcptReply("b@outside.test", "450 4.2.0 <b@outside.test>: Greylisted");
    dns.mx("outside.test", 10, "mx1.outside.test").a("mx1.outside.test", "127.0.0.2")
        .mx("outside.test", 20, "mx2.outside.test").a("mx2.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test", "b@outside.test"));

    assertEquals(List.of(
        "a@outside.test sent 2.0.0 mx1.outside.test[127.0.0.2]:" + mx.port() + " (250 2.0.0 Ok: queued by sink)",
        "b@outside.test sent 2.0.0 mx2.outside.test[127.0.0.1]:" + mx.port() + " (250 2.0.0 Ok: queued by sink)"),
        show(results));
    assertEquals(List.of("a@outside.test"), greylisting.messages().get(0).recipients());
    assertEquals(List.of("b@outside.test"), mx.messages().get(0).recipients());
  }

  @Test
  void rejectionAfterDataBouncesEveryAcceptedRecipient() throws Exception {
    mx.rcptReply("c@outside.test", "550 5.1.1 No such user").dataReply("554 5.7.1 Spam refused");
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test", "b@outside.test", "c@outside.test"));

    assertEquals(List.of("bounced 5.7.1", "bounced 5.7.1", "bounced 5.1.1"), statuses(results));
    assertTrue(results.get(0).outcome().detail().endsWith("(in reply to end of DATA command)"));
  }

  @Test
  void nxdomainBounces() throws Exception {
    dns.nxdomain("nowhere.test");

    assertEquals(List.of("a@nowhere.test bounced 5.1.2 none (Host or domain name not found. "
        + "Name service error for name=nowhere.test type=MX: Host not found)"),
        show(deliver(job("nowhere.test", "a@nowhere.test"))));
  }

  @Test
  void servfailDefers() throws Exception {
    dns.servfail("broken.test");

    assertEquals(List.of("deferred 4.4.3"), statuses(deliver(job("broken.test", "a@broken.test"))));
    assertEquals(0, mx.connections());
  }

  @Test
  void domainWithOnlyAnAddressRecordIsDeliveredToDirectly() throws Exception {
    dns.a("outside.test", "127.0.0.1");

    List<DeliveryResult> results = deliver(job("outside.test", "a@outside.test"));

    assertEquals("outside.test[127.0.0.1]:" + mx.port(), results.get(0).outcome().relay());
    assertEquals(1, mx.awaitMessages(1, Duration.ofSeconds(5)).size());
  }

  @Test
  void bracketedNextHopIsUsedWithoutDns() throws Exception {
    List<DeliveryResult> results = deliver(job("[127.0.0.1]:" + mx.port(), "a@outside.test"));

    assertEquals(List.of("sent 2.0.0"), statuses(results));
    assertEquals(List.of(), dns.queries());
  }

  @Test
  void serverWithoutEhloGetsHelo() throws Exception {
    mx.ehloReply("502 5.5.2 Error: command not recognized");

    deliver(job("[127.0.0.1]:" + mx.port(), "a@outside.test"));

    assertEquals("relay.test", mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).helo());
    assertEquals(List.of("EHLO relay.test", "HELO relay.test"), mx.commands().subList(0, 2));
  }

  @Test
  void silentServerTimesOutInsteadOfHanging() throws Exception {
    ScriptedServer silent = closeLater(new ScriptedServer(socket -> Thread.sleep(10_000)));
    client.close();
    client = client(SmtpTimeouts.all(Duration.ofMillis(300)));

    List<DeliveryResult> results = deliver(job(silent.nextHop(), "a@outside.test"));

    assertEquals(List.of("a@outside.test deferred 4.4.2 127.0.0.1[127.0.0.1]:" + silent.port()
        + " (conversation with 127.0.0.1[127.0.0.1] timed out while receiving the initial server "
        + "greeting)"), show(results));
  }

  @Test
  void serverThatHangsUpOrTalksNonsenseDefers() throws Exception {
    ScriptedServer hangsUp = closeLater(new ScriptedServer(socket -> {
      OutputStream out = socket.getOutputStream();
      out.write("220 mx ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().read();
    }));
    ScriptedServer nonsense = closeLater(new ScriptedServer(
        socket -> socket.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII))));

    DeliveryOutcome lost = deliver(job(hangsUp.nextHop(), "a@outside.test")).get(0).outcome();
    DeliveryOutcome garbled = deliver(job(nonsense.nextHop(), "a@outside.test")).get(0).outcome();

    assertEquals("deferred 4.4.2 lost connection with 127.0.0.1[127.0.0.1] while performing the EHLO handshake",
        lost.statusWord() + " " + lost.dsnStatus() + " " + lost.detail());
    assertEquals("deferred 4.4.2 host 127.0.0.1[127.0.0.1] sent a malformed reply while receiving the "
        + "initial server greeting: not an SMTP reply line: HTTP/1.0 400 Bad Request",
        garbled.statusWord() + " " + garbled.dsnStatus() + " " + garbled.detail());
  }

  private List<DeliveryResult> deliver(RelayDeliveryJob job) throws IOException {
    DnsTargetResolver resolver = DnsTargetResolver.create(
        Optional.of(List.of(dns.address())), Duration.ofMillis(500), 1, 5);
    return new RelayDelivery(resolver, client, new OutcomeRules(),
        new DestinationPolicies(TlsLevel.MAY, Map.of(), Map.of()), MessageSigning.NONE, mx.port(), 50)
        .deliver(job, Instant.now());
  }

  private static SmtpClient client(SmtpTimeouts timeouts) {
    return new SmtpClient("relay.test", timeouts, TlsContexts.create(Optional.empty()), ConnectionLimits.defaults());
  }

  private static RelayDeliveryJob job(String nextHop, String... recipients) {
    List<RelayDeliveryJob.Recipient> list = new ArrayList<>();
    for (String r : recipients) {
      list.add(new RelayDeliveryJob.Recipient(r, r));
    }
    return new RelayDeliveryJob("4F00D", "info@mail.example.test", nextHop, list, EsmtpOptions.NONE,
        Instant.EPOCH, 0, CONTENT.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> show(List<DeliveryResult> results) {
    return results.stream().map(r -> r.recipient() + " " + r.outcome().statusWord() + " "
        + r.outcome().dsnStatus() + " " + r.outcome().relay() + " (" + r.outcome().detail() + ")")
        .collect(Collectors.toList());
  }

  private static List<String> statuses(List<DeliveryResult> results) {
    return results.stream().map(r -> r.outcome().statusWord() + " " + r.outcome().dsnStatus())
        .collect(Collectors.toList());
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    closing.add(resource);
    return resource;
  }
}
