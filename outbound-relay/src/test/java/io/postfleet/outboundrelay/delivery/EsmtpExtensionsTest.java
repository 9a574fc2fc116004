package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.EsmtpOptions.BodyType;
import io.postfleet.contract.EsmtpOptions.DsnReturn;
import io.postfleet.contract.EsmtpOptions.Notify;
import io.postfleet.contract.EsmtpOptions.RecipientDsn;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.outboundrelay.smtp.ConnectionLimits;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ESMTP extensions the relay honours, against an {@link SmtpSink} announcing each or not. */
class EsmtpExtensionsTest {
  private static final byte[] EIGHT_BIT = "Subject: caf\u00e9\r\nContent-Transfer-Encoding: 8bit\r\n\r\nd\u00e9j\u00e0 vu\r\n"
      .getBytes(StandardCharsets.UTF_8);

  private TestDnsServer dns;
  private SmtpSink mx;
  private TestRelay relay;
  private String hop;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
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
  void pipeliningSendsMailRecipientsAndDataAsOneGroup() throws Exception {
    // The sink answers nothing before DATA: a client waiting for MAIL's reply would time out.
    mx.holdRepliesUntilData().rcptReply("b@outside.test", "550 5.1.1 No such user");

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test", "b@outside.test", "c@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)",
        "rcpt: bounced 5.1.1 (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 No such user (in reply to RCPT TO command))",
        "data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(results));
    assertEquals(List.of("a@outside.test", "c@outside.test"),
        mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).recipients());
    assertTrue(mx.pipelinedCommands() >= 3, "commands sent ahead: " + mx.pipelinedCommands());
  }

  @Test
  void withoutPipeliningEveryCommandWaitsForItsReply() throws Exception {
    mx.keywords("8BITMIME", "ENHANCEDSTATUSCODES");

    relay.deliver(job(hop, "a@outside.test", "b@outside.test"));

    assertEquals(1, mx.awaitMessages(1, Duration.ofSeconds(5)).size());
    assertEquals(0, mx.pipelinedCommands());
  }

  @Test
  void pipelinedMailRefusalIsTheSendersAndTheSessionStaysInStep() throws Exception {
    mx.mailReply("553 5.1.8 Sender address rejected: Domain not found");

    List<DeliveryResult> refused = relay.deliver(job(hop, "a@outside.test", "b@outside.test"));
    mx.mailReply("250 2.1.0 Ok");
    List<DeliveryResult> next = relay.deliver(job(hop, "c@outside.test"));

    assertEquals(List.of("mail: bounced 5.1.8", "mail: bounced 5.1.8"), statuses(refused),
        "the 503s to the pipelined RCPTs are not the recipients' fault");
    assertEquals(List.of("data-done: sent 2.0.0"), statuses(next));
    assertEquals(1, mx.connections(), "the refused transaction left the session usable");
  }

  @Test
  void messageOverTheServersSizeIsBouncedWithoutSendingIt() throws Exception {
    mx.keywords("SIZE 50", "PIPELINING");

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test"));

    assertEquals(List.of("mail: bounced 5.3.4 (message size " + TestRelay.CONTENT.length()
        + " exceeds size limit 50 of server 127.0.0.1[127.0.0.1])"), show(results));
    assertTrue(mx.commands().stream().noneMatch(c -> c.startsWith("MAIL")), mx.commands().toString());
  }

  @Test
  void sizeIsDeclaredWhenTheServerAnnouncesIt() throws Exception {
    mx.keywords("SIZE 10240000", "PIPELINING");

    assertEquals(List.of("data-done: sent 2.0.0"), statuses(relay.deliver(job(hop, "a@outside.test"))));
    assertTrue(mx.commands().contains("MAIL FROM:<info@mail.example.test> SIZE=" + TestRelay.CONTENT.length()),
        mx.commands().toString());
  }

  @Test
  void eightBitContentGoesOutAsIsWithBody8bitmime() throws Exception {
    EsmtpOptions eightBit = new EsmtpOptions(BodyType.EIGHT_BIT_MIME, false, "", DsnReturn.DEFAULT, Map.of());

    relay.deliver(job(hop, eightBit, EIGHT_BIT, "a@outside.test"));

    assertArrayEquals(EIGHT_BIT, mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).data());
    assertTrue(mx.commands().contains("MAIL FROM:<info@mail.example.test> BODY=8BITMIME"), mx.commands().toString());
  }

  @Test
  void eightBitContentToAServerWithout8bitmimeIsBouncedNotConverted() throws Exception {
    mx.keywords("PIPELINING");
    EsmtpOptions undeclared = EsmtpOptions.NONE;

    List<DeliveryResult> results = relay.deliver(job(hop, undeclared, EIGHT_BIT, "a@outside.test"));
    List<DeliveryResult> ascii = relay.deliver(job(hop, "b@outside.test"));

    assertEquals(List.of("mail: bounced 5.6.3 (message has 8-bit content, but host 127.0.0.1[127.0.0.1] "
        + "does not support 8BITMIME, and it is not converted)"), show(results));
    assertEquals(List.of("data-done: sent 2.0.0"), statuses(ascii), "7-bit mail still goes");
    assertEquals(List.of("b@outside.test"), mx.messages().get(0).recipients());
  }

  @Test
  void utf8EnvelopeNeedsSmtputf8() throws Exception {
    relay.limits(oneMessagePerSession()); // the second delivery must see the new EHLO keywords
    EsmtpOptions utf8 = new EsmtpOptions(BodyType.EIGHT_BIT_MIME, true, "", DsnReturn.DEFAULT, Map.of());
    byte[] content = "Subject: gr\u00fc\u00dfe\r\n\r\nhi\r\n".getBytes(StandardCharsets.UTF_8);

    List<DeliveryResult> refused = relay.deliver(job(hop, utf8, content, "j\u00fcrgen@outside.test"));
    mx.keywords("8BITMIME", "PIPELINING", "SMTPUTF8");
    List<DeliveryResult> accepted = relay.deliver(job(hop, utf8, content, "j\u00fcrgen@outside.test"));

    assertEquals(List.of("mail: bounced 5.6.7 (SMTPUTF8 is required, but was not offered by host "
        + "127.0.0.1[127.0.0.1])"), show(refused));
    assertEquals(List.of("data-done: sent 2.0.0"), statuses(accepted));
    assertTrue(mx.commands().contains("MAIL FROM:<info@mail.example.test> BODY=8BITMIME SMTPUTF8"),
        mx.commands().toString());
    assertEquals(List.of("j\u00fcrgen@outside.test"), mx.messages().get(0).recipients());
  }

  @Test
  void asciiMessageOfAnSmtputf8ClientNeedsNothing() throws Exception {
    EsmtpOptions utf8 = new EsmtpOptions(BodyType.SEVEN_BIT, true, "", DsnReturn.DEFAULT, Map.of());

    List<DeliveryResult> results = relay.deliver(job(hop, utf8,
        TestRelay.CONTENT.getBytes(StandardCharsets.US_ASCII), "a@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0"), statuses(results));
  }

  @Test
  void dsnRequestIsPassedOnOnlyToAServerThatAnnouncesDsn() throws Exception {
    relay.limits(oneMessagePerSession());
    EsmtpOptions dsn = new EsmtpOptions(BodyType.SEVEN_BIT, false, "env id+1", DsnReturn.HDRS, Map.of(
        "a@outside.test", new RecipientDsn(Set.of(Notify.FAILURE, Notify.SUCCESS), "rfc822;alias+1@example.test")));
    byte[] content = TestRelay.CONTENT.getBytes(StandardCharsets.US_ASCII);

    RelayDeliveryJob job = job(hop, dsn, content, "a@outside.test", "b@outside.test");
    List<DeliveryResult> withoutDsn = relay.deliver(job);
    mx.keywords("PIPELINING", "DSN");
    List<DeliveryResult> withDsn = relay.deliver(job);

    // RFC 3461 §5.2.1-5.2.2: we tell of a.test's success only where NOTIFY could not go on.
    assertEquals(List.of(false, false), withoutDsn.stream().map(r -> r.facts().remoteDsn()).toList());
    assertEquals(List.of(new RelayDeliveryJob.Recipient("a@outside.test", "a@outside.test")),
        LeftoverRecipients.deliveredOf(job, withoutDsn).recipients());
    assertEquals(List.of(true, true), withDsn.stream().map(r -> r.facts().remoteDsn()).toList());
    assertNull(LeftoverRecipients.deliveredOf(job, withDsn));

    List<String> envelope = mx.commands().stream()
        .filter(c -> c.startsWith("MAIL") || c.startsWith("RCPT")).collect(Collectors.toList());
    assertEquals(List.of(
        "MAIL FROM:<info@mail.example.test>", "RCPT TO:<a@outside.test>", "RCPT TO:<b@outside.test>",
        "MAIL FROM:<info@mail.example.test> RET=HDRS ENVID=env+20id+2B1",
        "RCPT TO:<a@outside.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alias+2B1@example.test",
        "RCPT TO:<b@outside.test> ORCPT=rfc822;b@outside.test"), envelope);
  }

  private static ConnectionLimits oneMessagePerSession() {
    return new ConnectionLimits(20, 100, Duration.ofSeconds(2), Duration.ofSeconds(300), 1);
  }

  private static List<String> statuses(List<DeliveryResult> results) {
    return results.stream().map(r -> r.facts().stage() + ": " + r.outcome().statusWord() + " "
        + r.outcome().dsnStatus()).collect(Collectors.toList());
  }
}
