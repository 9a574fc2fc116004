package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.smtpingress.tls.PemTlsContextSource;
import io.postfleet.smtpingress.tls.TestCertificates;
import io.postfleet.smtpingress.tls.TestCertificates.KeyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS (RFC 3207), implicit TLS (RFC 8314) and the submission listeners' demands, with a real
 * TLS handshake against a certificate made at test time and read from PEM files.
 */
class SmtpLayerTlsTest {
  private static final TestCertificates FIRST = TestCertificates.selfSigned("mx.postfleet.test", KeyFormat.PKCS1_RSA);
  private static final TestCertificates SECOND = TestCertificates.selfSigned("mx.postfleet.test", KeyFormat.SEC1_EC);

  @TempDir
  Path secret;
  private SmtpTestServer server;
  private SSLContext client;

  @BeforeEach
  void start() throws Exception {
    FIRST.writeTo(secret);
    server = SmtpTestServer.builder()
        .tls(PemTlsContextSource.load(secret.resolve("tls.crt"), secret.resolve("tls.key"), Duration.ZERO))
        .start();
    server.clients.user("ann@mail.example.test", "s3cret");
    client = TestCertificates.trusting(FIRST, SECOND);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void startTlsUpgradesTheSessionWhichStartsOverAndIsRecorded() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      String ehlo = c.exchange("EHLO client.example.test", "250 ");
      assertTrue(ehlo.contains("250-STARTTLS\r\n"), ehlo);
      assertFalse(ehlo.contains("AUTH"), "AUTH advertised in plaintext: " + ehlo);
      c.exchange("STARTTLS now", "501 5.5.4 Syntax: STARTTLS");
      c.exchange("STARTTLS", "220 2.0.0 Ready to start TLS");
      c.startTls(client);
      // RFC 3207 §4.2: the server forgot the EHLO.
      c.exchange("MAIL FROM:<a@client.example.test>", "503 5.5.1 Error: send HELO/EHLO first");
      ehlo = c.exchange("EHLO client.example.test", "250 ");
      assertFalse(ehlo.contains("STARTTLS"), ehlo);
      c.exchange("STARTTLS", "554 5.5.1 Error: TLS already active");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test>", "250");
      c.exchange("DATA", "354");
      c.exchange("secret\r\n.", "250 2.0.0 Ok: queued as");
      assertEquals("TLSv1.3", c.tlsSocket().getSession().getProtocol());
    }
    Envelope envelope = server.publisher.published().get(0).envelope();
    assertTrue(envelope.tls().matches("TLSv1\\.3 TLS_\\w+"), envelope.tls());
    assertEquals("ESMTPS", envelope.protocol());
    String content = new String(server.publisher.published().get(0).content(), StandardCharsets.UTF_8);
    assertTrue(content.contains("\t(using TLSv1.3 with cipher TLS_"), content);
    assertTrue(content.contains(" with ESMTPS id "), content);
  }

  /** CVE-2011-0411: what was pipelined behind STARTTLS in plaintext is never run inside TLS. */
  @Test
  void commandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.sendRaw("STARTTLS\r\nNOOP\r\n");
      c.expect("220 2.0.0");
      c.startTls(client);
      // Had NOOP run, its "250 2.0.0 Ok" would come first.
      assertTrue(c.exchange("EHLO client.example.test", "250 ").startsWith("250-mx.postfleet.test\r\n"));

      c.sendRaw("RSET\r\n");
      c.expect("250 2.0.0 Ok");
    }
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      c.sendRaw("STARTTLS\r\nEHLO evil.example\r\nMAIL FROM:<ceo@mail.example.test>\r\n");
      c.expect("220 2.0.0");
      c.startTls(client);
      c.exchange("RCPT TO:<request@mail.example.test>", "503 5.5.1 Error: send HELO/EHLO first");
    }
  }

  @Test
  void aFailedHandshakeEndsOnlyThatSession() throws Exception {
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("STARTTLS", "220");
      c.sendRaw("this is not a TLS ClientHello\r\n");
      assertThrows(IOException.class, c::readReply);
    }
    try (SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("NOOP", "250");
    }
  }

  @Test
  void aRenewedCertificateIsServedToNewConnections() throws Exception {
    assertEquals(FIRST.certificate(), peerCertificate());
    SECOND.writeTo(secret);
    Instant later = Instant.now().plusSeconds(10);
    Files.setLastModifiedTime(secret.resolve("tls.crt"), FileTime.from(later));
    Files.setLastModifiedTime(secret.resolve("tls.key"), FileTime.from(later));
    assertEquals(SECOND.certificate(), peerCertificate());

    // A half-written secret (the key of neither certificate) is refused; the last good pair stays.
    Files.writeString(secret.resolve("tls.crt"), Files.readString(secret.resolve("tls.crt")).substring(0, 200));
    Files.setLastModifiedTime(secret.resolve("tls.crt"), FileTime.from(later.plusSeconds(10)));
    assertEquals(SECOND.certificate(), peerCertificate());
  }

  @Test
  void submissionWantsTlsThenAuthBeforeMail() throws Exception {
    try (SmtpTestClient c = server.connect("submission")) {
      c.expect("220");
      c.exchange("EHLO laptop", "250 ");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "530 5.7.0 Must issue a STARTTLS command first");
      c.authPlain("ann@mail.example.test", "s3cret", "538 5.7.11 Encryption required");
      c.exchange("STARTTLS", "220");
      c.startTls(client);
      assertTrue(c.exchange("EHLO laptop", "250 ").contains("250-AUTH PLAIN LOGIN\r\n"));
      c.exchange("MAIL FROM:<ann@mail.example.test>", "530 5.7.0 Authentication required");
      c.authPlain("ann@mail.example.test", "s3cret", "235 2.7.0 Authentication successful");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "250");
      c.exchange("RCPT TO:<friend@elsewhere.example>", "250 2.1.5");
    }
  }

  @Test
  void implicitTlsPortSpeaksTlsFromTheFirstByte() throws Exception {
    try (SmtpTestClient c = server.connect("submissions")) {
      c.startTls(client);
      c.expect("220 mx.postfleet.test ESMTP");
      String ehlo = c.exchange("EHLO laptop", "250 ");
      assertFalse(ehlo.contains("STARTTLS"), ehlo);
      assertTrue(ehlo.contains("AUTH PLAIN LOGIN"), ehlo);
      c.exchange("MAIL FROM:<ann@mail.example.test>", "530 5.7.0 Authentication required");
      c.authPlain("ann@mail.example.test", "s3cret", "235");
      c.exchange("MAIL FROM:<ann@mail.example.test>", "250");
    }
    try (SmtpTestClient plain = server.connect("submissions")) {
      plain.send("EHLO plaintext.example");
      assertThrows(IOException.class, plain::readReply);
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateCannotConnect() throws Exception {
    try (SmtpTestClient c = server.connect("submissions")) {
      SSLContext other = TestCertificates.selfSigned("other", KeyFormat.PKCS8).clientContext();
      assertThrows(SSLHandshakeException.class, () -> c.startTls(other));
    }
  }

  private Object peerCertificate() throws Exception {
    try (SmtpTestClient c = server.connect("submissions")) {
      c.startTls(client);
      c.expect("220");
      return c.tlsSocket().getSession().getPeerCertificates()[0];
    }
  }
}
