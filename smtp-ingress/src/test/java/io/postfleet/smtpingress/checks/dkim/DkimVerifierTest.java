package io.postfleet.smtpingress.checks.dkim;

import static io.postfleet.smtpingress.checks.dkim.JavaSigners.prepend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Verification of signatures made in Java: jDKIM's signer for RSA, ours for Ed25519. */
class DkimVerifierTest {
  static final byte[] MESSAGE = ("From: Alice <alice@signer.test>\r\n"
      + "To: bob@receiver.test\r\n"
      + "Subject: the  quarterly\r\n\tfigures\r\n"
      + "Message-ID: <1@signer.test>\r\n"
      + "\r\n"
      + "Hello Bob,\r\n"
      + "  the figures are attached.  \r\n"
      + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

  private static KeyPair rsa;
  private static KeyPair ed25519;
  private TestDnsServer dns;
  private DkimVerifier verifier;

  @BeforeAll
  static void keys() throws Exception {
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
  void jdkimRsaSignaturePasses() throws Exception {
    byte[] signed = signedByRsa(MESSAGE, tags("rsa-sha256", "rsa", "relaxed/relaxed"), rsa);

    List<DkimVerdict> verdicts = verifier.verify(signed, DkimLengthTag.HONOR);

    assertEquals(1, verdicts.size());
    DkimVerdict verdict = verdicts.get(0);
    assertEquals(AuthResult.PASS, verdict.result(), verdict.reason());
    assertEquals("signer.test", verdict.domain());
    assertEquals("rsa", verdict.selector());
    assertEquals("rsa-sha256", verdict.algorithm());
    assertEquals(12, verdict.signaturePrefix().length());
    String unfolded = new String(signed, StandardCharsets.US_ASCII).replaceAll("\\s", "");
    assertTrue(unfolded.contains("b=" + verdict.signaturePrefix()));
  }

  @Test
  void ourEd25519SignaturePassesAndFailsWhenTheBodyChanges() throws Exception {
    byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags("ed25519-sha256", "ed", "relaxed/relaxed"),
        ed25519.getPrivate()), MESSAGE);

    assertEquals(AuthResult.PASS, only(signed).result(), only(signed).reason());
    assertEquals("ed25519-sha256", only(signed).algorithm());
    assertEquals(AuthResult.FAIL, only(replace(signed, "attached", "attacked")).result());
    assertEquals(AuthResult.FAIL, only(replace(signed, "quarterly", "yearly")).result());
  }

  @Test
  void anEd25519SignatureDoesNotVerifyWithAnotherKey() throws Exception {
    TestKeys.publish(dns, "other", "signer.test", TestKeys.ed25519());
    byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags("ed25519-sha256", "other", "relaxed/relaxed"),
        ed25519.getPrivate()), MESSAGE);

    DkimVerdict verdict = only(signed);

    assertEquals(AuthResult.FAIL, verdict.result());
    assertEquals("signature does not verify", verdict.reason());
  }

  @Test
  void anExpiredSignatureIsPermerror() throws Exception {
    // jDKIM's signer refuses to sign this; ours does not check.
    long now = System.currentTimeMillis() / 1000;
    String tags = "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=signer.test; s=ed; h=from:to:subject; t=" + (now - 7200)
        + "; x=" + (now - 3600) + "; bh=; b=;";
    byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags, ed25519.getPrivate()), MESSAGE);

    DkimVerdict verdict = only(signed);

    assertEquals(AuthResult.PERMERROR, verdict.result());
    assertTrue(verdict.reason().contains("xpired"), verdict.reason());
  }

  @Test
  void aTimestampFarInTheFutureIsPermerrorButClockSkewIsNot() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String future = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=signer.test; s=rsa; h=from:to:subject; t=" + (now + 86400)
        + "; bh=; b=;";
    String skewed = future.replace("t=" + (now + 86400), "t=" + (now + 60));

    assertEquals(AuthResult.PERMERROR, only(signedByRsa(MESSAGE, future, rsa)).result());
    DkimVerdict verdict = only(signedByRsa(MESSAGE, skewed, rsa));
    assertEquals(AuthResult.PASS, verdict.result(), verdict.reason());
  }

  @Test
  void aSignatureThatDoesNotCoverFromIsPermerror() throws Exception {
    String tags = "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=signer.test; s=ed; h=to:subject; bh=; b=;";
    byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags, ed25519.getPrivate()), MESSAGE);

    DkimVerdict verdict = only(signed);

    assertEquals(AuthResult.PERMERROR, verdict.result());
    assertTrue(verdict.reason().contains("From"), verdict.reason());
  }

  @Test
  void rsaSha1AndSmallKeysAreNotAccepted() throws Exception {
    // RFC 8301 §3.1 and §3.2.
    String sha1 = tags("rsa-sha1", "rsa", "relaxed/relaxed");
    assertEquals(AuthResult.PERMERROR, only(signedByRsa(MESSAGE, sha1, rsa)).result());
    KeyPair small = TestKeys.rsa(512);
    TestKeys.publish(dns, "small", "signer.test", small);
    DkimVerdict verdict = only(signedByRsa(MESSAGE, tags("rsa-sha256", "small", "relaxed/relaxed"), small));
    assertEquals(AuthResult.PERMERROR, verdict.result());
    assertEquals("RSA key of 512 bits", verdict.reason());
  }

  @Test
  void signaturesPastTheLimitArePolicyUnverified() throws Exception {
    DkimVerifier one = new DkimVerifier(Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1), 1,
        Clock.systemUTC());
    byte[] once = signedByRsa(MESSAGE, tags("rsa-sha256", "rsa", "relaxed/relaxed"), rsa);
    byte[] twice = prepend(JavaSigners.ed25519(once, tags("ed25519-sha256", "ed", "relaxed/relaxed"),
        ed25519.getPrivate()), once);

    List<DkimVerdict> verdicts = one.verify(twice, DkimLengthTag.HONOR);

    assertEquals(List.of(AuthResult.PASS, AuthResult.POLICY), verdicts.stream().map(DkimVerdict::result).toList());
    assertEquals(List.of(AuthResult.PASS, AuthResult.PASS),
        verifier.verify(twice, DkimLengthTag.HONOR).stream().map(DkimVerdict::result).toList());
  }

  @Test
  void aBadOrRevokedEd25519KeyIsPermerror() throws Exception {
    // RFC 8463 §4: p= holds 32 octets; RFC 6376 §3.6.1: an empty p= is a revoked key.
    dns.txt("short._domainkey.signer.test", List.of("v=DKIM1; k=ed25519; p=AAAA"));
    dns.txt("revoked._domainkey.signer.test", List.of("v=DKIM1; k=ed25519; p="));

    for (String selector : List.of("short", "revoked")) {
      byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags("ed25519-sha256", selector, "relaxed/relaxed"),
          ed25519.getPrivate()), MESSAGE);
      DkimVerdict verdict = only(signed);
      assertEquals(AuthResult.PERMERROR, verdict.result(), selector + ": " + verdict.reason());
    }
  }

  @Test
  void anRsaKeyDoesNotServeAnEd25519Signature() throws Exception {
    byte[] signed = prepend(JavaSigners.ed25519(MESSAGE, tags("ed25519-sha256", "rsa", "relaxed/relaxed"),
        ed25519.getPrivate()), MESSAGE);

    assertEquals(AuthResult.PERMERROR, only(signed).result(), only(signed).reason());
  }

  @Test
  void anUnreadableSignatureIsPermerror() throws Exception {
    byte[] signed = prepend("DKIM-Signature: this is not a tag list\r\n", MESSAGE);

    assertEquals(AuthResult.PERMERROR, only(signed).result());
  }

  @Test
  void anUnsignedMessageHasNoVerdicts() {
    assertEquals(List.of(), verifier.verify(MESSAGE, DkimLengthTag.HONOR));
    assertEquals(List.of(), dns.queries());
  }

  static String tags(String algorithm, String selector, String canonicalization) {
    return "v=1; a=" + algorithm + "; c=" + canonicalization + "; d=signer.test; s=" + selector
        + "; h=from:to:subject:message-id; bh=; b=;";
  }

  private static byte[] signedByRsa(byte[] message, String tags, KeyPair key) throws Exception {
    return prepend(JavaSigners.rsa(message, tags, key.getPrivate()), message);
  }

  static byte[] replace(byte[] message, String from, String to) {
    return new String(message, StandardCharsets.US_ASCII).replace(from, to).getBytes(StandardCharsets.US_ASCII);
  }

  private DkimVerdict only(byte[] signed) {
    List<DkimVerdict> verdicts = verifier.verify(signed, DkimLengthTag.HONOR);
    assertEquals(1, verdicts.size(), verdicts.toString());
    return verdicts.get(0);
  }
}
