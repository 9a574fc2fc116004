package io.postfleet.smtpingress.checks.dkim;

import static io.postfleet.smtpingress.checks.dkim.DkimVerifierTest.MESSAGE;
import static io.postfleet.smtpingress.checks.dkim.DkimVerifierTest.replace;
import static io.postfleet.smtpingress.checks.dkim.JavaSigners.prepend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verification of signatures made by an independent signer, Debian's dkimpy. */
class DkimpyInteropTest {
  private static KeyPair rsa;
  private static KeyPair ed25519;
  private TestDnsServer dns;
  private DkimVerifier verifier;

  @BeforeAll
  static void dkimpyAndKeys() throws Exception {
    String unavailable = Dkimpy.unavailableBecause();
    Assumptions.assumeTrue(unavailable.isEmpty(), unavailable);
    rsa = TestKeys.rsa(2048);
    ed25519 = TestKeys.ed25519();
  }

  @BeforeEach
  void start() throws Exception {
    dns = TestDnsServer.start();
    verifier = new DkimVerifier(Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1), 10,
        Clock.systemUTC());
    TestKeys.publish(dns, "rsa", "signer.test", rsa);
    TestKeys.publish(dns, "ed", "signer.test", ed25519);
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void rsaRelaxedRelaxedPassesAndFailsWhenBodyOrHeaderChange() throws Exception {
    byte[] signed = signRsa(MESSAGE, "relaxed/relaxed", false);

    assertEquals(AuthResult.PASS, only(signed, DkimLengthTag.HONOR).result());
    DkimVerdict body = only(replace(signed, "attached", "attacked"), DkimLengthTag.HONOR);
    assertEquals(AuthResult.FAIL, body.result());
    assertEquals("body hash does not match", body.reason());
    DkimVerdict header = only(replace(signed, "quarterly", "yearly"), DkimLengthTag.HONOR);
    assertEquals(AuthResult.FAIL, header.result());
    assertEquals("signature does not verify", header.reason());
    // Relaxed forgives what relaxed canonicalisation removes (RFC 6376 §3.4.2, §3.4.4).
    byte[] respaced = replace(signed, "the  quarterly", "the quarterly");
    assertEquals(AuthResult.PASS, only(respaced, DkimLengthTag.HONOR).result());
  }

  @Test
  void rsaSimpleSimplePassesAndNoticesWhitespace() throws Exception {
    byte[] signed = signRsa(MESSAGE, "simple/simple", false);

    assertEquals(AuthResult.PASS, only(signed, DkimLengthTag.HONOR).result());
    assertEquals(AuthResult.FAIL, only(replace(signed, "attached.  ", "attached."), DkimLengthTag.HONOR).result());
  }

  @Test
  void ed25519Passes() throws Exception {
    String field = Dkimpy.sign(MESSAGE, "ed", "signer.test", "ed25519-sha256", "relaxed/relaxed",
        TestKeys.forDkimpy(ed25519.getPrivate()), false);
    byte[] signed = prepend(field, MESSAGE);

    DkimVerdict verdict = only(signed, DkimLengthTag.HONOR);

    assertEquals(AuthResult.PASS, verdict.result(), verdict.reason());
    assertEquals("ed25519-sha256", verdict.algorithm());
    assertEquals(AuthResult.FAIL, only(replace(signed, "Hello Bob", "Hello Eve"), DkimLengthTag.HONOR).result());
  }

  @Test
  void aMissingKeyRecordIsPermerrorAndAServerFailureTemperror() throws Exception {
    byte[] signed = signRsa(MESSAGE, "relaxed/relaxed", false);
    byte[] gone = replace(signed, "s=rsa;", "s=gone;");
    dns.servfail("broken._domainkey.signer.test");
    byte[] broken = replace(signed, "s=rsa;", "s=broken;");

    assertEquals(AuthResult.PERMERROR, only(gone, DkimLengthTag.HONOR).result());
    DkimVerdict verdict = only(broken, DkimLengthTag.HONOR);
    assertEquals(AuthResult.TEMPERROR, verdict.result());
    assertEquals("broken", verdict.selector());
  }

  @Test
  void twoSignaturesOneGoodOneBadGiveTwoVerdicts() throws Exception {
    byte[] good = signRsa(MESSAGE, "relaxed/relaxed", false);
    // Signed with a key that is not the one published under its selector.
    KeyPair stranger = TestKeys.rsa(2048);
    String bad = Dkimpy.sign(good, "rsa", "signer.test", "rsa-sha256", "relaxed/relaxed",
        TestKeys.forDkimpy(stranger.getPrivate()), false);

    List<DkimVerdict> verdicts = verifier.verify(prepend(bad, good), DkimLengthTag.HONOR);

    assertEquals(List.of(AuthResult.FAIL, AuthResult.PASS), verdicts.stream().map(DkimVerdict::result).toList());
    assertNotEquals(verdicts.get(0).signaturePrefix(), verdicts.get(1).signaturePrefix());
  }

  @Test
  void aBodyLengthTagIsHonouredOrRefused() throws Exception {
    byte[] signed = signRsa(MESSAGE, "relaxed/relaxed", true);
    assertTrue(new String(signed, StandardCharsets.US_ASCII).contains("l="));
    byte[] appended = replace(signed, "attached.  \r\n", "attached.  \r\nP.S. wire the money elsewhere.\r\n");

    DkimVerdict refused = only(appended, DkimLengthTag.REFUSE);
    assertEquals(AuthResult.POLICY, refused.result());
    assertEquals("rsa", refused.selector());
    // Refused before its key was looked up.
    assertEquals(List.of(), dns.queries());
    assertEquals(AuthResult.PASS, only(appended, DkimLengthTag.HONOR).result());
    assertEquals(AuthResult.FAIL, only(replace(appended, "Hello Bob", "Hello Eve"), DkimLengthTag.HONOR).result());
  }

  @Test
  void utf8HeadersOfRfc6532PassAsTheyArrived() throws Exception {
    // jDKIM hashes header strings in the JVM's default charset: UTF-8 (JEP 400, or -Dfile.encoding).
    byte[] message = ("From: =?utf-8?q?J=C3=BCrgen?= <j@signer.test>\r\nTo: b@receiver.test\r\n"
        + "Subject: Grüße aus Köln\r\n\r\nHallo\r\n").getBytes(StandardCharsets.UTF_8);

    DkimVerdict verdict = only(signRsa(message, "relaxed/relaxed", false), DkimLengthTag.HONOR);

    assertEquals(AuthResult.PASS, verdict.result(), verdict.reason() + ", default charset " + Charset.defaultCharset());
  }

  private byte[] signRsa(byte[] message, String canonicalization, boolean length) throws Exception {
    return prepend(Dkimpy.sign(message, "rsa", "signer.test", "rsa-sha256", canonicalization,
        TestKeys.forDkimpy(rsa.getPrivate()), length), message);
  }

  private DkimVerdict only(byte[] signed, DkimLengthTag lengthTag) {
    List<DkimVerdict> verdicts = verifier.verify(signed, lengthTag);
    assertEquals(1, verdicts.size(), verdicts.toString());
    return verdicts.get(0);
  }
}
