package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.smtpingress.tls.PemTlsContextSource;
import io.postfleet.smtpingress.tls.TestCertificates;
import io.postfleet.smtpingress.tls.TestCertificates.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AUTH PLAIN and LOGIN (RFC 4954) on the MX port with AUTH enabled, over real TLS: never in
 * plaintext, failures as 535, and what an authenticated client may do and is recorded as.
 */
class SmtpLayerAuthTest {
  private static final TestCertificates CERTIFICATE = TestCertificates.selfSigned("mx.postfleet.test", KeyFormat.PKCS8);
  private static final String ANN = "ann@mail.example.test";

  @TempDir
  Path secret;
  private SmtpTestServer server;
  private SSLContext client;

  @BeforeEach
  void start() throws Exception {
    CERTIFICATE.writeTo(secret);
    server = SmtpTestServer.builder().trustedNetworks(List.of()).mxAuth(true)
        .tls(PemTlsContextSource.load(secret.resolve("tls.crt"), secret.resolve("tls.key"), Duration.ofSeconds(5)))
        .start();
    server.clients.user(ANN, "s3cret \u00e9");
    client = CERTIFICATE.clientContext();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void authIsNeitherAdvertisedNorAcceptedInPlaintext() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      assertFalse(c.exchange("EHLO laptop", "250 ").contains("AUTH"));
      c.authPlain(ANN, "s3cret \u00e9", "538 5.7.11 Encryption required for requested authentication mechanism");
      c.exchange("AUTH LOGIN", "538 5.7.11");
    }
  }

  @Test
  void plainAuthenticatedClientsMayRelayAndAreRecorded() throws Exception {
    try (SmtpTestClient c = tls()) {
      c.exchange("MAIL FROM:<ann@mail.example.test>", "250");
      c.exchange("RCPT TO:<friend@elsewhere.example>", "554 5.7.1 <friend@elsewhere.example>: Relay access denied");
      c.exchange("RSET", "250");
      c.authPlain(ANN, "s3cret \u00e9", "235 2.7.0 Authentication successful");
      c.authPlain(ANN, "s3cret \u00e9", "503 5.5.1 Error: already authenticated");
      c.exchange("MAIL FROM:<ann@mail.example.test> AUTH=<>", "250");
      c.exchange("RCPT TO:<friend@elsewhere.example>", "250 2.1.5");
      c.exchange("DATA", "354");
      c.exchange("hello\r\n.", "250 2.0.0 Ok: queued as");
    }
    Envelope envelope = server.publisher.published().get(0).envelope();
    assertEquals(ANN, envelope.authUser());
    assertEquals("ESMTPSA", envelope.protocol());
    String content = new String(server.publisher.published().get(0).content(), StandardCharsets.UTF_8);
    assertTrue(content.contains("\t(Authenticated sender: ann@mail.example.test)\r\n"), content);
    assertTrue(content.contains(" with ESMTPSA id "), content);
    assertEquals(1.0, server.counter("postfleet.smtp.auth", "result", "success"));
  }

  @Test
  void loginAsksForNameThenPasswordAndPlainMayComeWithoutInitialResponse() throws Exception {
    try (SmtpTestClient c = tls()) {
      assertEquals("334 VXNlcm5hbWU6\r\n", c.exchange("AUTH LOGIN", "334"));
      assertEquals("334 UGFzc3dvcmQ6\r\n", c.exchange(b64(ANN), "334"));
      c.exchange(b64("s3cret \u00e9"), "235 2.7.0");
    }
    try (SmtpTestClient c = tls()) {
      assertEquals("334 \r\n", c.exchange("AUTH plain", "334"));
      c.exchange(b64("\0" + ANN + "\0s3cret \u00e9"), "235 2.7.0");
    }
    try (SmtpTestClient c = tls()) {
      // RFC 4616 §2: an authorization identity equal to the authentication identity is fine.
      c.exchange("AUTH PLAIN " + b64(ANN + "\0" + ANN + "\0s3cret \u00e9"), "235 2.7.0");
    }
  }

  @Test
  void failuresGetTheirCodesAndNoAuthentication() throws Exception {
    try (SmtpTestClient c = tls()) {
      c.authPlain(ANN, "wrong", "535 5.7.8 Error: authentication failed");
      c.exchange("AUTH CRAM-MD5", "504 5.5.4 Unrecognized authentication type");
      c.exchange("AUTH PLAIN not-base64!", "501 5.5.2 Cannot decode response");
      c.exchange("AUTH PLAIN " + b64("boss@mail.example.test\0" + ANN + "\0s3cret \u00e9"), "535 5.7.8");
      c.exchange("AUTH PLAIN " + b64("\0ann@mail.example.test\r\nX: y\0s3cret \u00e9"), "535 5.7.8");
      c.exchange("AUTH LOGIN", "334");
      c.exchange("*", "501 5.7.0 Authentication aborted");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "250");
      c.exchange("RCPT TO:<friend@elsewhere.example>", "554 5.7.1");
      c.authPlain(ANN, "s3cret \u00e9", "503 5.5.1 Error: MAIL transaction in progress");
    }
    assertEquals(3.0, server.counter("postfleet.smtp.auth", "result", "failure"));
  }

  @Test
  void anAuthenticatedClientMaySendOnlyAsItselfWhereTheMapsSaySo() throws Exception {
    server.clients.owns(ANN, ANN, "sales@mail.example.test");
    try (SmtpTestClient c = tls()) {
      c.authPlain(ANN, "s3cret \u00e9", "235");
      c.exchange("MAIL FROM:<ceo@mail.example.test>",
          "553 5.7.1 <ceo@mail.example.test>: Sender address rejected: not owned by user ann@mail.example.test");
      c.exchange("MAIL FROM:<sales@mail.example.test>", "250");
      c.exchange("RSET", "250");
      c.exchange("MAIL FROM:<>", "250");
    }
  }

  @Test
  void mapsNotLoadedYetAreATemporaryFailureNeitherAReject() throws Exception {
    server.clients.unloaded();
    try (SmtpTestClient c = tls()) {
      // RFC 4954 §6: 454 while the credentials cannot be checked, not 535 (the password is not wrong).
      c.authPlain(ANN, "s3cret \u00e9", "454 4.7.0 Temporary authentication failure");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "250");
    }
    assertEquals(0.0, server.counter("postfleet.smtp.auth", "result", "failure"));
  }

  @Test
  void senderOwnershipThatCannotBeCheckedIsATemporaryFailureNotAPass() throws Exception {
    server.clients.owns(ANN, ANN);
    try (SmtpTestClient c = tls()) {
      c.authPlain(ANN, "s3cret \u00e9", "235");
      server.clients.unloaded();
      c.exchange("MAIL FROM:<ceo@mail.example.test>", "451 4.3.0 <ceo@mail.example.test>: Temporary lookup failure");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "451 4.3.0");
    }
    assertTrue(server.publisher.published().isEmpty());
  }

  @Test
  void aBugBehindACommandEndsTheSessionWith421() throws Exception {
    try (SmtpTestClient c = tls()) {
      server.clients.failWith(new IllegalStateException("a bug behind the maps"));
      c.authPlain(ANN, "s3cret \u00e9", "421 4.3.0 mx.postfleet.test Error: internal error, closing connection");
      c.expectClosed();
    }
  }

  @Test
  void aListenerWithoutAuthSaysSoEvenInsideTls() throws Exception {
    try (SmtpTestServer noAuth = SmtpTestServer.builder()
        .tls(PemTlsContextSource.load(secret.resolve("tls.crt"), secret.resolve("tls.key"), Duration.ofSeconds(5)))
        .start(); SmtpTestClient c = noAuth.connect()) {
      c.expect("220");
      c.exchange("EHLO laptop", "250 ");
      c.exchange("STARTTLS", "220");
      c.startTls(client);
      assertFalse(c.exchange("EHLO laptop", "250 ").contains("AUTH"));
      c.authPlain(ANN, "s3cret \u00e9", "503 5.5.1 Error: authentication not enabled");
    }
  }

  private SmtpTestClient tls() throws Exception {
    SmtpTestClient c = server.connect();
    c.expect("220");
    c.exchange("EHLO laptop", "250 ");
    c.exchange("STARTTLS", "220");
    c.startTls(client);
    assertTrue(c.exchange("EHLO laptop", "250 ").contains("250-AUTH PLAIN LOGIN\r\n"));
    return c;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
