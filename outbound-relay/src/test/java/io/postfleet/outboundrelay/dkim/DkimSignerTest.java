package io.postfleet.outboundrelay.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures checked by verifiers that share no code with the signer: Apache James jDKIM (RSA; it
 * knows no Ed25519) and, where Debian's python3-dkim is installed, dkimpy (RSA and Ed25519).
 */
class DkimSignerTest {
  /** Folded fields, a second To, spaces to canonicalize, a leading dot and empty lines at the end. */
  static final String MESSAGE = "From: Info <info@example.test>\r\nTo: a@outside.test\r\n"
      + "Subject:  a  folded\r\n\tsubject line   \r\nTo: b@outside.test\r\nDate: Sat, 28 Nov 2026 06:00:00 +0000\r\n"
      + "Message-ID: <1@example.test>\r\nX-Not-Signed: x\r\n\r\nHello  there, \t\r\n.leading dot\r\n\r\n\r\n";
  private static final String PYTHON = "/usr/bin/python3";

  private static DkimKey rsa;
  private static PublicKey rsaPublic;
  private static DkimKey ed25519;
  private static PublicKey ed25519Public;

  private final DkimSigner signer = new DkimSigner(Clock.systemUTC());

  @BeforeAll
  static void keys() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    rsa = new DkimKey("example.test", "s2026", pair.getPrivate());
    rsaPublic = pair.getPublic();
    pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ed25519 = new DkimKey("example.test", "ed2026", pair.getPrivate());
    ed25519Public = pair.getPublic();
  }

  @Test
  void rsaSignatureVerifiesWithJdkim() throws Exception {
    byte[] signed = signer.sign(bytes(MESSAGE), rsa).orElseThrow();

    List<SignatureRecord> records = jdkim(rsaPublic).verify(new ByteArrayInputStream(signed));

    assertEquals(1, records.size());
    assertEquals("example.test", records.get(0).getDToken().toString());
    assertTrue(new String(signed, StandardCharsets.UTF_8).endsWith(MESSAGE), "the message itself is untouched");
  }

  @Test
  void jdkimRejectsAChangedBodyOrHeader() throws Exception {
    String signed = new String(signer.sign(bytes(MESSAGE), rsa).orElseThrow(), StandardCharsets.UTF_8);

    assertThrows(PermFailException.class, () -> jdkim(rsaPublic).verify(
        new ByteArrayInputStream(bytes(signed.replace("Hello", "Hallo")))));
    assertThrows(PermFailException.class, () -> jdkim(rsaPublic).verify(
        new ByteArrayInputStream(bytes(signed.replace("Subject:", "From: ceo@example.test\r\nSubject:")))));
  }

  @Test
  void whitespaceChangesThatRelaxedAllowsStillVerify() throws Exception {
    String signed = new String(signer.sign(bytes(MESSAGE), rsa).orElseThrow(), StandardCharsets.UTF_8);
    String rewrapped = signed.replace("Subject:  a  folded\r\n\tsubject line   ", "subject: a folded subject line")
        .replace("Hello  there, \t", "Hello there,");

    assertEquals(1, jdkim(rsaPublic).verify(new ByteArrayInputStream(bytes(rewrapped))).size());
  }

  @Test
  void bareLineFeedsAreSignedAsTheCrlfsTheNextHopWillSee() throws Exception {
    // RFC 6376 §5.3: a bare LF is converted to CRLF before signing; a receiving MTA does the same.
    String signed = new String(signer.sign(bytes(MESSAGE.replace("\r\n", "\n")), rsa).orElseThrow(),
        StandardCharsets.UTF_8);
    String received = signed.replaceAll("(?<!\r)\n", "\r\n");

    assertEquals(1, jdkim(rsaPublic).verify(new ByteArrayInputStream(bytes(received))).size());
    assertThrows(PermFailException.class, () -> jdkim(rsaPublic).verify(
        new ByteArrayInputStream(bytes(received.replace("Hello", "Hallo")))));
  }

  @Test
  void ed25519AndRsaSignaturesVerifyWithDkimpy(@TempDir Path dir) throws Exception {
    assumeTrue(dkimpyAvailable(), "Debian's python3-dkim and python3-nacl are not installed");
    byte[] raw = ed25519Public.getEncoded(); // SubjectPublicKeyInfo; RFC 8463 publishes the raw 32 bytes
    String edRecord = "v=DKIM1; k=ed25519; p="
        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(raw, raw.length - 32, raw.length));

    assertEquals("True", dkimpy(dir, signer.sign(bytes(MESSAGE), ed25519).orElseThrow(), edRecord));
    assertEquals("True", dkimpy(dir, signer.sign(bytes(MESSAGE), rsa).orElseThrow(), rsaRecord(rsaPublic)));
    byte[] tampered = bytes(new String(signer.sign(bytes(MESSAGE), ed25519).orElseThrow(), StandardCharsets.UTF_8)
        .replace("Hello", "Hallo"));
    assertEquals("False", dkimpy(dir, tampered, edRecord));
  }

  @Test
  void messageWithoutFromIsNotSigned() {
    assertTrue(signer.sign(bytes("Subject: x\r\n\r\nbody\r\n"), rsa).isEmpty());
  }

  @Test
  void onlyDomainsWithAKeyAreSigned() {
    DkimSigning signing = new DkimSigning(() -> new DkimKeyTable(Map.of("example.test", rsa), Map.of()), signer);
    byte[] foreign = bytes(MESSAGE.replace("info@example.test", "info@elsewhere.test"));

    assertTrue(new String(signing.sign(job(bytes(MESSAGE))), StandardCharsets.UTF_8)
        .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=s2026;"));
    assertArrayEquals(foreign, signing.sign(job(foreign)));
  }

  @Test
  void aDomainWhoseKeyIsBrokenOrNotYetLoadedIsNotSentUnsigned() {
    DkimSigning broken = new DkimSigning(
        () -> new DkimKeyTable(Map.of(), Map.of("example.test", "it does not open with this master key")), signer);
    DkimSigning unloaded = new DkimSigning(() -> null, signer);
    byte[] noFrom = bytes("Subject: x\r\n\r\nbody\r\n");

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> broken.sign(job(bytes(MESSAGE))));
    assertTrue(e.getMessage().contains("master key"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> unloaded.sign(job(bytes(MESSAGE))));
    assertArrayEquals(noFrom, unloaded.sign(job(noFrom)), "nothing to sign needs no keys");
  }

  /** jDKIM fed the public key directly instead of from DNS. */
  static DKIMVerifier jdkim(PublicKey key) {
    return new DKIMVerifier((method, selector, domain) -> List.of(rsaRecord(key)));
  }

  static String rsaRecord(PublicKey key) {
    return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(key.getEncoded());
  }

  static RelayDeliveryJob job(byte[] content) {
    return new RelayDeliveryJob("4F00D", "info@example.test", "outside.test",
        List.of(new RelayDeliveryJob.Recipient("a@outside.test", "a@outside.test")), EsmtpOptions.NONE,
        Instant.EPOCH, 0, content);
  }

  static boolean dkimpyAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** dkimpy's verdict on the message, with the key record served by a dnsfunc instead of DNS. */
  static String dkimpy(Path dir, byte[] message, String record) throws Exception {
    Path mail = Files.write(Files.createTempFile(dir, "mail", ".eml"), message);
    Path txt = Files.writeString(Files.createTempFile(dir, "key", ".txt"), record);
    String script = "import dkim, sys\n"
        + "record = open(sys.argv[2], 'rb').read()\n"
        + "print(dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=lambda name, timeout=5: record))\n";
    Process p = new ProcessBuilder(PYTHON, "-c", script, mail.toString(), txt.toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "dkimpy did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
