package io.postfleet.smtpingress.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.CheckModes;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.maps.policy.QuarantineTarget;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.checks.greylist.GreylistResult;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.PolicyResult;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stage rules: which verdict refuses, which defers, under which mode, for whom. */
class SenderChecksTest {
  private static final InetAddress CLIENT = address("192.0.2.7");
  private final FakeCheckers checkers = new FakeCheckers();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void trustedClientsAreNeitherLookedUpNorChecked() {
    checkers.spf = AuthResult.FAIL;
    SenderChecks checks = checks(MailPolicy.DEFAULT);
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, true);
    checks.mail(connection, false, "helo.example", "a@spoofed.example");
    assertEquals(0, checkers.iprevCalls);
    assertTrue(rcpt(checks, connection, false, "x@example.org").accepted());
  }

  @Test
  void spfFailIsTaggedByDefaultAndRefusedWhereTheDomainEnforcesIt() {
    checkers.spf = AuthResult.FAIL;
    MailPolicy policy = withDomain(MailPolicy.DEFAULT, "strict.example", Map.of(Check.SPF, CheckMode.ENFORCE));
    SenderChecks checks = checks(policy);
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    checks.mail(connection, false, "helo.example", "a@sender.example");
    assertTrue(rcpt(checks, connection, false, "x@example.org").accepted());
    PolicyResult strict = rcpt(checks, connection, false, "x@strict.example");
    assertEquals("550 5.7.23", strict.reply().code() + " " + strict.reply().enhanced());
    assertEquals(1.0,
        registry.find("postfleet.smtp.checks").tag("check", "spf").tag("result", "fail").counter().count());
  }

  @Test
  void spfTemperrorDefersWhereEnforced() {
    checkers.spf = AuthResult.TEMPERROR;
    SenderChecks checks = checks(
        withDomain(MailPolicy.DEFAULT, "strict.example", Map.of(Check.SPF, CheckMode.ENFORCE)));
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    checks.mail(connection, false, "helo.example", "a@sender.example");
    PolicyResult verdict = rcpt(checks, connection, false, "x@strict.example");
    assertEquals(PolicyResult.Decision.DEFER, verdict.decision());
    assertEquals("4.7.24", verdict.reply().enhanced());
  }

  @Test
  void authenticatedClientsSkipEveryCheck() {
    checkers.spf = AuthResult.FAIL;
    SenderChecks checks = checks(
        withDomain(MailPolicy.DEFAULT, "strict.example", Map.of(Check.SPF, CheckMode.ENFORCE)));
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    checks.mail(connection, true, "helo.example", "a@sender.example");
    assertTrue(rcpt(checks, connection, true, "x@strict.example").accepted());
  }

  @Test
  void listedClientIsRefusedAtRcptOrDroppedAtConnect() {
    checkers.dnsbl = new DnsblScore(3, List.of("bl.test"), List.of(), List.of(), List.of());
    MailPolicy enforce = dnsbl(MailPolicy.DEFAULT, DnsblAction.ENFORCE, CheckMode.ENFORCE);
    SenderChecks checks = checks(enforce);
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    assertTrue(checks.refusalAtConnect(connection, "mx.test").isEmpty());
    PolicyResult verdict = rcpt(checks, connection, false, "x@example.org");
    assertEquals("554 5.7.1 Service unavailable; client [192.0.2.7] blocked using bl.test", verdict.reply().summary());

    SenderChecks dropping = checks(dnsbl(MailPolicy.DEFAULT, DnsblAction.DROP, CheckMode.ENFORCE));
    ConnectionChecks dropped = dropping.connect(CLIENT, PolicyListener.MX, false);
    assertEquals("521 5.7.1 mx.test Service unavailable; client [192.0.2.7] blocked using bl.test",
        dropping.refusalAtConnect(dropped, "mx.test").orElseThrow().summary());

    SenderChecks tagging = checks(dnsbl(MailPolicy.DEFAULT, DnsblAction.DROP, CheckMode.TAG));
    ConnectionChecks tagged = tagging.connect(CLIENT, PolicyListener.MX, false);
    assertTrue(tagging.refusalAtConnect(tagged, "mx.test").isEmpty());
    assertTrue(rcpt(tagging, tagged, false, "x@example.org").accepted());
  }

  @Test
  void reverseDnsFailureRefusesAndTemperrorDefersWhenEnforced() {
    MailPolicy policy = withListener(MailPolicy.DEFAULT, Map.of(Check.IPREV, CheckMode.ENFORCE));
    checkers.iprev = new IprevVerdict(AuthResult.FAIL, "");
    SenderChecks checks = checks(policy);
    assertEquals("5.7.25", rcpt(checks, checks.connect(CLIENT, PolicyListener.MX, false), false, "x@a.example")
        .reply().enhanced());
    checkers.iprev = new IprevVerdict(AuthResult.TEMPERROR, "");
    PolicyResult deferred = rcpt(checks, checks.connect(CLIENT, PolicyListener.MX, false), false, "x@a.example");
    assertEquals("450 4.7.25", deferred.reply().code() + " " + deferred.reply().enhanced());
  }

  @Test
  void greylistingDefersOnlyWhereEnforcedAndAfterTheOtherChecks() {
    checkers.greylist = GreylistResult.defer(java.time.Duration.ofSeconds(299));
    MailPolicy policy = withDomain(MailPolicy.DEFAULT, "grey.example", Map.of(Check.GREYLIST, CheckMode.ENFORCE));
    SenderChecks checks = checks(policy);
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    checks.mail(connection, false, "helo.example", "a@sender.example");
    assertTrue(rcpt(checks, connection, false, "x@example.org").accepted());
    assertEquals(0, checkers.greylistCalls);
    PolicyResult grey = rcpt(checks, connection, false, "x@grey.example");
    assertEquals("451 4.7.1", grey.reply().code() + " " + grey.reply().enhanced());
    assertTrue(grey.reply().text().contains("299 seconds left"), grey.reply().text());
  }

  @Test
  void withoutAPolicyUntrustedMailIsDeferredNeverPassedUnchecked() {
    SenderChecks checks = new SenderChecks(checkers, Optional::empty, new IngressMetrics(registry),
        Duration.ofSeconds(1));
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    PolicyResult verdict = rcpt(checks, connection, false, "x@example.org");
    assertEquals("451 4.3.0", verdict.reply().code() + " " + verdict.reply().enhanced());
    ContentVerdict content = checks.content().check(connection, Optional.empty(), false, List.of("x@example.org"),
        bytes("Subject: x\r\n\r\nbody\r\n"), "Q1");
    assertEquals(PolicyResult.Decision.DEFER, content.decision().decision());
  }

  @Test
  void dmarcRejectIsRefusedQuarantineHeldAndTagModeOnlyRecords() {
    SenderChecks checks = checks(MailPolicy.DEFAULT);
    ConnectionChecks connection = checks.connect(CLIENT, PolicyListener.MX, false);
    checks.mail(connection, false, "helo.example", "elon.musk@spacex.test");
    checkers.dmarc = new DmarcVerdict(AuthResult.FAIL, "spacex.test", "spacex.test", DmarcVerdict.Disposition.REJECT);
    ContentVerdict refused = content(checks, connection, "x@example.org");
    assertEquals("550 5.7.1", refused.decision().reply().code() + " " + refused.decision().reply().enhanced());

    checkers.dmarc = new DmarcVerdict(AuthResult.FAIL, "spacex.test", "spacex.test",
        DmarcVerdict.Disposition.QUARANTINE);
    ContentVerdict held = content(checks, connection, "x@example.org");
    assertTrue(held.decision().accepted());
    assertEquals("dmarc=fail (p=quarantine) header.from=spacex.test", held.quarantine());

    checkers.dmarc = new DmarcVerdict(AuthResult.FAIL, "spacex.test", "spacex.test", DmarcVerdict.Disposition.REJECT);
    SenderChecks tagging = checks(withListener(MailPolicy.DEFAULT, Map.of(Check.DMARC, CheckMode.TAG)));
    ContentVerdict tagged = content(tagging, tagging.connect(CLIENT, PolicyListener.MX, false), "x@example.org");
    assertTrue(tagged.decision().accepted());
    assertFalse(tagged.quarantined());
    assertTrue(tagged.traceHeaders().startsWith("Authentication-Results: mx.test; dmarc=fail\r\n"),
        tagged.traceHeaders());
  }

  @Test
  void forgedAuthenticationResultsAreRemovedEvenFromTrustedMail() {
    SenderChecks checks = checks(MailPolicy.DEFAULT);
    ConnectionChecks trusted = checks.connect(CLIENT, PolicyListener.MX, true);
    ContentVerdict verdict = checks.content().check(trusted, checks.policy(), false, List.of("x@example.org"),
        bytes("Authentication-Results: mx.test; forged\r\nSubject: x\r\n\r\nbody\r\n"), "Q1");
    assertEquals("Subject: x\r\n\r\nbody\r\n", new String(verdict.content(), StandardCharsets.US_ASCII));
    assertEquals("", verdict.traceHeaders());
  }

  private ContentVerdict content(SenderChecks checks, ConnectionChecks connection, String recipient) {
    return checks.content().check(connection, checks.policy(), false, List.of(recipient),
        bytes("From: Elon <elon.musk@spacex.test>\r\nSubject: x\r\n\r\nbody\r\n"), "Q1");
  }

  private SenderChecks checks(MailPolicy policy) {
    return new SenderChecks(checkers, PolicySource.fixed(policy), new IngressMetrics(registry), Duration.ofSeconds(1));
  }

  private static PolicyResult rcpt(SenderChecks checks, ConnectionChecks connection, boolean authenticated,
      String recipient) {
    return checks.recipients().check(connection, checks.policy(), authenticated, "a@sender.example", recipient);
  }

  private static MailPolicy withDomain(MailPolicy base, String domain, Map<Check, CheckMode> modes) {
    return new MailPolicy(base.listeners(), Map.of(domain, new DomainPolicy(domain, modes, QuarantineTarget.HOLD)),
        base.dnsbl(), base.greylist(), base.dkimLengthTag(), base.texts());
  }

  private static MailPolicy withListener(MailPolicy base, Map<Check, CheckMode> modes) {
    CheckModes mx = base.modes(PolicyListener.MX).with(modes);
    return new MailPolicy(Map.of(PolicyListener.MX, mx), base.domains(), base.dnsbl(), base.greylist(),
        base.dkimLengthTag(), base.texts());
  }

  private static MailPolicy dnsbl(MailPolicy base, DnsblAction action, CheckMode mode) {
    MailPolicy withZones = new MailPolicy(base.listeners(), base.domains(),
        new DnsblPolicy(List.of("bl.test*3"), 3, action), base.greylist(), base.dkimLengthTag(), base.texts());
    return withListener(withZones, Map.of(Check.DNSBL, mode));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
