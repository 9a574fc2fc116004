package io.postfleet.smtpingress.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.checks.DmarcVerdict;
import io.postfleet.smtpingress.checks.DmarcVerdict.Disposition;
import io.postfleet.smtpingress.checks.SpfVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmarcEvaluatorTest {
  private TestDnsServer dns;
  private DmarcEvaluator evaluator;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    Dns client = Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1);
    evaluator = new DmarcEvaluator(new DmarcPolicyLookup(client), new SplittableRandom(7));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void theSeedsSpoofFailsAndIsRejected() {
    record("spacex.test", "v=DMARC1; p=reject");

    DmarcVerdict verdict = evaluator.evaluate(message("From: Elon Musk <elon.musk@spacex.test>"),
        spf(AuthResult.FAIL, "attacker.test"), List.of());

    assertEquals(new DmarcVerdict(AuthResult.FAIL, "spacex.test", "spacex.test", Disposition.REJECT), verdict);
  }

  @Test
  void anAlignedDkimPassPassesEvenWhenSpfFails() {
    record("spacex.test", "v=DMARC1; p=reject");

    DmarcVerdict verdict = evaluator.evaluate(message("From: Elon Musk <elon.musk@SpaceX.test>"),
        spf(AuthResult.FAIL, "forwarder.test"),
        List.of(dkim(AuthResult.FAIL, "spacex.test"), dkim(AuthResult.PASS, "spacex.test")));

    assertEquals(new DmarcVerdict(AuthResult.PASS, "spacex.test", "spacex.test", Disposition.NONE), verdict);
  }

  @Test
  void aFailingSignatureOrAHeloPassDoesNotAlign() {
    record("spacex.test", "v=DMARC1; p=reject");
    SpfVerdict helo = new SpfVerdict(AuthResult.PASS, "helo", "spacex.test", "spacex.test", "");

    assertEquals(AuthResult.FAIL, evaluator.evaluate(message("From: a@spacex.test"), helo,
        List.of(dkim(AuthResult.FAIL, "spacex.test"))).result());
  }

  @Test
  void relaxedAlignmentAcceptsASubdomainAndStrictDoesNot() {
    record("relaxed.test", "v=DMARC1; p=reject");
    record("strict.test", "v=DMARC1; p=reject; adkim=s; aspf=s");

    assertEquals(AuthResult.PASS, evaluator.evaluate(message("From: a@relaxed.test"),
        null, List.of(dkim(AuthResult.PASS, "mail.relaxed.test"))).result());
    assertEquals(AuthResult.PASS, evaluator.evaluate(message("From: a@relaxed.test"),
        spf(AuthResult.PASS, "bounce.relaxed.test"), List.of()).result());
    assertEquals(AuthResult.FAIL, evaluator.evaluate(message("From: a@strict.test"),
        null, List.of(dkim(AuthResult.PASS, "mail.strict.test"))).result());
    assertEquals(AuthResult.FAIL, evaluator.evaluate(message("From: a@strict.test"),
        spf(AuthResult.PASS, "bounce.strict.test"), List.of()).result());
    assertEquals(AuthResult.PASS, evaluator.evaluate(message("From: a@strict.test"),
        spf(AuthResult.PASS, "strict.test"), List.of()).result());
  }

  @Test
  void anExistingSubdomainGetsSpAndANonExistentOneNp() {
    record("corp.test", "v=DMARC1; p=reject; sp=quarantine; np=reject");
    dns.a("news.corp.test", "192.0.2.10");
    // Only an MX: the name exists for mail (RFC 9989's non-existence needs all three negative).
    dns.mx("mx-only.corp.test", 10, "mx.corp.test");

    assertEquals(new DmarcVerdict(AuthResult.FAIL, "news.corp.test", "corp.test", Disposition.QUARANTINE),
        evaluator.evaluate(message("From: a@news.corp.test"), null, List.of()));
    assertEquals(Disposition.QUARANTINE,
        evaluator.evaluate(message("From: a@mx-only.corp.test"), null, List.of()).disposition());
    assertEquals(new DmarcVerdict(AuthResult.FAIL, "ghost.corp.test", "corp.test", Disposition.REJECT),
        evaluator.evaluate(message("From: a@ghost.corp.test"), null, List.of()));
    assertEquals(Disposition.REJECT, evaluator.evaluate(message("From: a@corp.test"), null, List.of()).disposition());
  }

  @Test
  void theTreeWalkFindsTheRecordOfAParentAndStopsThere() {
    record("parent.test", "v=DMARC1; p=quarantine");
    dns.a("a.b.parent.test", "192.0.2.1");

    DmarcVerdict verdict = evaluator.evaluate(message("From: x@a.b.parent.test"), null, List.of());

    assertEquals(new DmarcVerdict(AuthResult.FAIL, "a.b.parent.test", "parent.test", Disposition.QUARANTINE), verdict);
    assertEquals(List.of("_dmarc.a.b.parent.test. TXT", "_dmarc.b.parent.test. TXT", "_dmarc.parent.test. TXT"),
        dns.queries());
  }

  @Test
  void pctZeroAndTestModeLowerThePolicyOneStep() {
    record("zero.test", "v=DMARC1; p=reject; pct=0");
    record("trial.test", "v=DMARC1; p=quarantine; t=y");

    assertEquals(new DmarcVerdict(AuthResult.FAIL, "zero.test", "zero.test", Disposition.QUARANTINE),
        evaluator.evaluate(message("From: a@zero.test"), null, List.of()));
    assertEquals(Disposition.NONE, evaluator.evaluate(message("From: a@trial.test"), null, List.of()).disposition());
  }

  @Test
  void pctSamplesAboutThatShareOfFailingMessages() {
    record("half.test", "v=DMARC1; p=reject; pct=50");
    int rejected = 0;
    for (int i = 0; i < 400; i++) {
      Disposition d = evaluator.evaluate(message("From: a@half.test"), null, List.of()).disposition();
      assertTrue(d == Disposition.REJECT || d == Disposition.QUARANTINE, d.toString());
      rejected += d == Disposition.REJECT ? 1 : 0;
    }
    assertTrue(rejected > 140 && rejected < 260, "rejected " + rejected + " of 400");
  }

  @Test
  void noRecordOrTwoRecordsIsNone() {
    record("twice.test", "v=DMARC1; p=reject");
    record("twice.test", "v=DMARC1; p=none");
    // A TXT record that is not DMARC beside the one that is does not count (§6.6.3 step 2).
    record("single.test", "v=DMARC1; p=reject");
    record("single.test", "some verification token");

    assertEquals(new DmarcVerdict(AuthResult.NONE, "nothing.test", "", Disposition.NONE),
        evaluator.evaluate(message("From: a@nothing.test"), null, List.of()));
    assertEquals(new DmarcVerdict(AuthResult.NONE, "twice.test", "", Disposition.NONE),
        evaluator.evaluate(message("From: a@twice.test"), null, List.of()));
    assertEquals(Disposition.REJECT, evaluator.evaluate(message("From: a@single.test"), null, List.of()).disposition());
  }

  @Test
  void aRecordThatAsksForNoProcessingIsNone() {
    record("nop.test", "v=DMARC1; p=maybe");

    assertEquals(AuthResult.NONE, evaluator.evaluate(message("From: a@nop.test"), null, List.of()).result());
  }

  @Test
  void aDnsFailureIsATemporaryError() {
    dns.servfail("_dmarc.broken.test");
    record("flaky.test", "v=DMARC1; p=reject; np=reject; sp=none");
    dns.servfail("sub.flaky.test");

    assertEquals(new DmarcVerdict(AuthResult.TEMPERROR, "broken.test", "", Disposition.NONE),
        evaluator.evaluate(message("From: a@broken.test"), null, List.of()));
    // The existence check for np failed: not "does not exist".
    assertEquals(AuthResult.TEMPERROR, evaluator.evaluate(message("From: a@sub.flaky.test"), null, List.of()).result());
  }

  @Test
  void aFailedOrganizationalDomainLookupIsTemporaryUnlessAnotherPassIsAligned() {
    record("spacex.test", "v=DMARC1; p=reject");
    dns.servfail("_dmarc.mail.spacex.test");
    DkimVerdict sub = dkim(AuthResult.PASS, "mail.spacex.test");

    assertEquals(AuthResult.TEMPERROR,
        evaluator.evaluate(List.of(" a@spacex.test"), null, List.of(sub)).result());
    assertEquals(AuthResult.PASS,
        evaluator.evaluate(List.of(" a@spacex.test"), null, List.of(sub, dkim(AuthResult.PASS, "spacex.test")))
            .result());
  }

  @Test
  void anythingButOneFromWithOneMailboxIsAPermanentError() {
    record("spacex.test", "v=DMARC1; p=reject");
    DmarcVerdict noAuthor = new DmarcVerdict(AuthResult.PERMERROR, "", "", Disposition.NONE);

    assertEquals(noAuthor, evaluator.evaluate(message("From: a@spacex.test\r\nFrom: b@other.test"), null, List.of()));
    assertEquals(new DmarcVerdict(AuthResult.NONE, "", "", Disposition.NONE),
        evaluator.evaluate(message("Subject: none"), null, List.of()), "no From: at all: no policy applies");
    assertEquals(noAuthor, evaluator.evaluate(message("From: a@spacex.test, b@spacex.test"), null, List.of()));
    assertEquals(noAuthor, evaluator.evaluate(message("From: team: a@spacex.test;"), null, List.of()));
    assertEquals(noAuthor, evaluator.evaluate(message("From: not an address"), null, List.of()));
    assertEquals(noAuthor, evaluator.evaluate(message("From: a@[192.0.2.1]"), null, List.of()));
    assertTrue(dns.queries().isEmpty());
  }

  @Test
  void aFoldedFromAndTheBodyAreReadRight() {
    record("spacex.test", "v=DMARC1; p=reject");
    byte[] message = ("Subject: x\r\nFrom: \"Musk, Elon\"\r\n <elon@spacex.test>\r\n\r\nFrom: body@other.test\r\n")
        .getBytes(StandardCharsets.US_ASCII);

    assertEquals("spacex.test", evaluator.evaluate(message, null, List.of()).fromDomain());
  }

  @Test
  void aUnicodeFromDomainIsComparedAsALabels() {
    record("xn--bcher-kva.test", "v=DMARC1; p=reject");

    DmarcVerdict verdict = evaluator.evaluate(message("From: Jörg <jörg@Bücher.test>"),
        null, List.of(dkim(AuthResult.PASS, "xn--bcher-kva.test")));

    assertEquals(new DmarcVerdict(AuthResult.PASS, "xn--bcher-kva.test", "xn--bcher-kva.test", Disposition.NONE),
        verdict);
  }

  @Test
  void aSharpSFromDomainIsItsOwnDomainNotItsIdna2003Spelling() {
    // UTS #46 non-transitional: faß.test is xn--fa-hia.test; IDNA2003 made it fass.test, another owner.
    record("fass.test", "v=DMARC1; p=none");
    record("xn--fa-hia.test", "v=DMARC1; p=reject");

    DmarcVerdict verdict = evaluator.evaluate(message("From: <j@Faß.test>"), spf(AuthResult.PASS, "fass.test"),
        List.of(dkim(AuthResult.PASS, "fass.test")));

    assertEquals(new DmarcVerdict(AuthResult.FAIL, "xn--fa-hia.test", "xn--fa-hia.test", Disposition.REJECT), verdict);
  }

  @Test
  void aMultiLabelPublicSuffixIsNoOrganizationalDomain() {
    record("example.co.uk", "v=DMARC1; p=reject");

    // attacker.co.uk shares only the public suffix co.uk: not the same organizational domain.
    assertEquals(new DmarcVerdict(AuthResult.FAIL, "example.co.uk", "example.co.uk", Disposition.REJECT),
        evaluator.evaluate(message("From: a@example.co.uk"), spf(AuthResult.PASS, "attacker.co.uk"), List.of()));
    assertFalse(dns.queries().contains("_dmarc.uk. TXT"));
    assertEquals(AuthResult.PASS, evaluator.evaluate(message("From: a@example.co.uk"),
        spf(AuthResult.PASS, "bounces.mail.example.co.uk"), List.of()).result());
  }

  @Test
  void psdNMakesItsDomainTheOrganizationalDomain() {
    record("brand.test", "v=DMARC1; p=none");
    record("dept.brand.test", "v=DMARC1; p=reject; psd=n");
    record("other.test", "v=DMARC1; p=reject");

    // Without psd=n both would belong to brand.test, the record with the fewest labels.
    assertEquals(AuthResult.FAIL, evaluator.evaluate(message("From: a@dept.brand.test"),
        null, List.of(dkim(AuthResult.PASS, "mail.brand.test"))).result());
    assertEquals(AuthResult.PASS, evaluator.evaluate(message("From: a@x.other.test"),
        null, List.of(dkim(AuthResult.PASS, "mail.other.test"))).result());
  }

  @Test
  void aPublicSuffixRecordWithPsdYAppliesToRegistrantsBelowIt() {
    record("test", "v=DMARC1; p=reject; psd=y");
    dns.a("mail.shop.test", "192.0.2.5");

    assertEquals(new DmarcVerdict(AuthResult.PASS, "mail.shop.test", "test", Disposition.NONE),
        evaluator.evaluate(message("From: a@mail.shop.test"), null, List.of(dkim(AuthResult.PASS, "shop.test"))));
    assertEquals(new DmarcVerdict(AuthResult.FAIL, "mail.shop.test", "test", Disposition.REJECT),
        evaluator.evaluate(message("From: a@mail.shop.test"), null, List.of(dkim(AuthResult.PASS, "other.test"))));
  }

  private void record(String domain, String text) {
    dns.txt("_dmarc." + domain, List.of(text));
  }

  private static byte[] message(String headers) {
    return (headers + "\r\nTo: someone@ours.test\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static SpfVerdict spf(AuthResult result, String domain) {
    return new SpfVerdict(result, "mailfrom", "bounce@" + domain, domain, "");
  }

  private static DkimVerdict dkim(AuthResult result, String domain) {
    return new DkimVerdict(result, domain, "s1", "rsa-sha256", "abcdEFGH",
        result == AuthResult.PASS ? "" : "bad signature");
  }
}
