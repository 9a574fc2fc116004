package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.CheckModes;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.maps.policy.QuarantineTarget;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender checks in real SMTP sessions: real jSPF, DKIM, DMARC and DNSBL lookups against the
 * test DNS server, from clients outside mynetworks (only 127.0.0.1 is trusted here), the seed's
 * spoof among them.
 */
class SmtpLayerSenderChecksTest {
  private static final String OUTSIDER = "127.0.0.5";
  private static final String LOCAL = SmtpTestServer.LOCAL_DOMAIN;
  private final AtomicReference<Optional<MailPolicy>> policy = new AtomicReference<>(Optional.of(MailPolicy.DEFAULT));
  private SmtpTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SmtpTestServer.builder().trustedNetworks(List.of("127.0.0.1/32")).policy(policy::get).start();
    server.dns.txt("spacex.test", List.of("v=spf1 ip4:192.0.2.10 -all"))
        .txt("_dmarc.spacex.test", List.of("v=DMARC1; p=reject"))
        .txt("legit.test", List.of("v=spf1 ip4:" + OUTSIDER + " -all"))
        .txt("_dmarc.legit.test", List.of("v=DMARC1; p=reject"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theSeedsSpoofIsRefusedAtTheEndOfDataByDmarc() throws Exception {
    String reply = send(OUTSIDER, "elon.musk@spacex.test", "From: Elon Musk <elon.musk@spacex.test>", "550 5.7.1");
    assertTrue(reply.contains("spacex.test"), reply);
    assertTrue(server.publisher.published().isEmpty());
    assertEquals(1.0, server.counter("postfleet.smtp.checks", "check", "dmarc"));
    assertEquals(1.0, server.registry.find("postfleet.smtp.checks").tag("check", "spf").tag("result", "fail")
        .counter().count());
  }

  @Test
  void mailFromWhereSpfSaysArrivesWithAuthenticationResultsAndReceivedSpf() throws Exception {
    send(OUTSIDER, "ann@legit.test", "From: Ann <ann@legit.test>", "250 2.0.0");
    String content = new String(server.publisher.published().get(0).content(), StandardCharsets.UTF_8);
    assertTrue(content.startsWith("Received: from "), content);
    String results = content.substring(content.indexOf("Authentication-Results: "));
    assertTrue(results.startsWith("Authentication-Results: " + SmtpTestServer.HOSTNAME + ";"), content);
    assertTrue(results.contains("spf=pass smtp.mailfrom=ann@legit.test"), content);
    assertTrue(results.contains("dmarc=pass header.from=legit.test"), content);
    assertTrue(content.contains("\r\nReceived-SPF: pass "), content);
    assertTrue(content.contains("helo=legit.test;"), "Received-SPF names the HELO name: " + content);
    assertTrue(results.contains("smtp.helo=legit.test;"), "RFC 8601 §2.7.2: the HELO name: " + content);
  }

  @Test
  void dmarcQuarantineIsAcceptedAndPublishedAsQuarantined() throws Exception {
    server.dns.txt("qtine.test", List.of("v=spf1 -all")).txt("_dmarc.qtine.test", List.of("v=DMARC1; p=quarantine"));
    send(OUTSIDER, "x@qtine.test", "From: <x@qtine.test>", "250 2.0.0");
    assertEquals("dmarc=fail (p=quarantine) header.from=qtine.test",
        server.publisher.published().get(0).envelope().quarantine());
  }

  @Test
  void aDomainThatEnforcesSpfRefusesAFailAtRcptOthersOnlyTagIt() throws Exception {
    policy.set(Optional.of(withDomain(LOCAL, Map.of(Check.SPF, CheckMode.ENFORCE))));
    try (SmtpTestClient c = server.connectFrom(OUTSIDER)) {
      c.expect("220");
      c.exchange("EHLO spacex.test", "250 ");
      c.exchange("MAIL FROM:<elon.musk@spacex.test>", "250 2.1.0");
      c.exchange("RCPT TO:<request@" + LOCAL + ">", "550 5.7.23");
      c.exchange("QUIT", "221 ");
    }
  }

  @Test
  void aClientListedAboveTheThresholdIsDroppedAtConnect() throws Exception {
    server.dns.a("2.0.0.127.bl.test", "127.0.0.2").a("5.0.0.127.bl.test", "127.0.0.2");
    MailPolicy base = MailPolicy.DEFAULT;
    CheckModes mx = base.modes(PolicyListener.MX).with(Map.of(Check.DNSBL, CheckMode.ENFORCE));
    policy.set(Optional.of(new MailPolicy(Map.of(PolicyListener.MX, mx), Map.of(),
        new DnsblPolicy(List.of("bl.test=127.0.0.[2..11]*2"), 2, DnsblAction.DROP), base.greylist(),
        base.dkimLengthTag(), base.texts())));
    try (SmtpTestClient c = server.connectFrom(OUTSIDER)) {
      String reply = c.expect("521 5.7.1");
      assertTrue(reply.contains("blocked using bl.test"), reply);
      c.expectClosed();
    }
    try (SmtpTestClient c = server.connectFrom("127.0.0.6")) {
      c.expect("220 ");
    }
  }

  @Test
  void trustedClientsAreNotCheckedButForgedResultsInOurNameAreRemoved() throws Exception {
    send("127.0.0.1", "elon.musk@spacex.test", "Authentication-Results: " + SmtpTestServer.HOSTNAME
        + "; dmarc=pass header.from=spacex.test\r\nFrom: Elon Musk <elon.musk@spacex.test>", "250 2.0.0");
    String content = new String(server.publisher.published().get(0).content(), StandardCharsets.UTF_8);
    assertFalse(content.contains("Authentication-Results"), content);
    assertTrue(content.contains("From: Elon Musk"), content);
  }

  @Test
  void withoutAPolicyOutsidersAreDeferredAndNeverPassUnchecked() throws Exception {
    policy.set(Optional.empty());
    try (SmtpTestClient c = server.connectFrom(OUTSIDER)) {
      c.expect("220");
      c.exchange("EHLO legit.test", "250 ");
      c.exchange("MAIL FROM:<ann@legit.test>", "250 2.1.0");
      c.exchange("RCPT TO:<request@" + LOCAL + ">", "451 4.3.0");
      c.exchange("QUIT", "221 ");
    }
  }

  private String send(String from, String sender, String headers, String expected) throws Exception {
    try (SmtpTestClient c = server.connectFrom(from)) {
      c.expect("220");
      c.exchange("EHLO " + sender.substring(sender.indexOf('@') + 1), "250 ");
      c.exchange("MAIL FROM:<" + sender + ">", "250 2.1.0");
      c.exchange("RCPT TO:<request@" + LOCAL + ">", "250 2.1.5");
      c.exchange("DATA", "354 ");
      c.sendRaw(headers + "\r\nSubject: hello\r\n\r\nA message.\r\n");
      String reply = c.exchange(".", expected);
      c.exchange("QUIT", "221 ");
      return reply;
    }
  }

  private static MailPolicy withDomain(String domain, Map<Check, CheckMode> modes) {
    MailPolicy base = MailPolicy.DEFAULT;
    return new MailPolicy(base.listeners(), Map.of(domain, new DomainPolicy(domain, modes, QuarantineTarget.HOLD)),
        base.dnsbl(), base.greylist(), base.dkimLengthTag(), base.texts());
  }
}
