package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.InboundMessage;
import io.postfleet.smtpingress.tls.PemTlsContextSource;
import io.postfleet.smtpingress.tls.TestCertificates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a load balancer that speaks the PROXY protocol, the client it names is the client: for
 * relay decisions, per-client limits, the envelope and the Received header.
 */
class SmtpLayerProxyProtocolTest {
  @TempDir
  Path secret;

  @Test
  void theProxiedAddressDecidesRelayAndIsRecorded() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().proxyProtocol(true)
        .trustedNetworks(List.of("192.0.2.0/24")).start()) {
      try (SmtpTestClient c = new SmtpTestClient(server.port("smtpd"),
          ascii("PROXY TCP4 192.0.2.10 198.51.100.1 56324 25\r\n"))) {
        c.expect("220");
        c.exchange("EHLO office.example", "250 ");
        c.exchange("MAIL FROM:<a@office.example>", "250");
        c.exchange("RCPT TO:<partner@remote.example>", "250 2.1.5");
        c.exchange("DATA", "354");
        c.exchange("relayed\r\n.", "250 2.0.0 Ok: queued as");
      }
      try (SmtpTestClient c = new SmtpTestClient(server.port("smtpd"), v2Tcp4(203, 0, 113, 9))) {
        c.expect("220");
        c.exchange("EHLO stranger.example", "250 ");
        c.exchange("MAIL FROM:<a@stranger.example>", "250");
        c.exchange("RCPT TO:<partner@remote.example>", "554 5.7.1");
      }
      // The balancer's own health check (v2 LOCAL) is 127.0.0.1, which is not trusted here.
      try (SmtpTestClient c = new SmtpTestClient(server.port("smtpd"), v2Local())) {
        c.expect("220");
        c.exchange("EHLO balancer", "250 ");
        c.exchange("MAIL FROM:<a@balancer.example>", "250");
        c.exchange("RCPT TO:<partner@remote.example>", "554 5.7.1");
      }
      InboundMessage message = server.publisher.published().get(0);
      assertEquals("192.0.2.10", message.envelope().clientAddress());
      String content = new String(message.content(), StandardCharsets.UTF_8);
      assertTrue(content.startsWith("Received: from office.example (unknown [192.0.2.10])"), content);
    }
  }

  @Test
  void aConnectionWithoutAValidHeaderIsClosedUnanswered() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().proxyProtocol(true).start();
        SmtpTestClient c = new SmtpTestClient(server.port("smtpd"), ascii("EHLO direct.example\r\n"))) {
      c.expectClosed();
    }
  }

  @Test
  void perClientLimitsCountTheProxiedClients() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().proxyProtocol(true).trustedNetworks(List.of())
        .clientLimits(1, 0).start();
        SmtpTestClient first = new SmtpTestClient(server.port("smtpd"), v2Tcp4(203, 0, 113, 9))) {
      // The first session must be admitted before the others connect, or either could be the one refused.
      first.expect("220");
      try (SmtpTestClient again = new SmtpTestClient(server.port("smtpd"), v2Tcp4(203, 0, 113, 9));
          SmtpTestClient other = new SmtpTestClient(server.port("smtpd"), v2Tcp4(203, 0, 113, 10))) {
        again.expect("421 4.7.0 mx.postfleet.test Error: too many connections from 203.0.113.9");
        other.expect("220");
      }
    }
  }

  @Test
  void onTheImplicitTlsPortTheHeaderComesBeforeTheHandshake() throws Exception {
    TestCertificates certificate = TestCertificates.selfSigned("mx.postfleet.test", TestCertificates.KeyFormat.PKCS8);
    certificate.writeTo(secret);
    try (SmtpTestServer server = SmtpTestServer.builder().proxyProtocol(true)
        .tls(PemTlsContextSource.load(secret.resolve("tls.crt"), secret.resolve("tls.key"), Duration.ofSeconds(5)))
        .start();
        SmtpTestClient c = new SmtpTestClient(server.port("submissions"),
            ascii("PROXY TCP6 2001:db8::7 2001:db8::1 4000 465\r\n"))) {
      c.startTls(certificate.clientContext());
      c.expect("220");
      c.exchange("EHLO laptop", "250 ");
    }
  }

  private static byte[] v2Tcp4(int a, int b, int c, int d) {
    ByteBuffer header = v2Start(0x21, 0x11, 12);
    header.put(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) 198, 51, 100, 1, 0x10, 0, 0, 25});
    return header.array();
  }

  private static byte[] v2Local() {
    return v2Start(0x20, 0x00, 0).array();
  }

  private static ByteBuffer v2Start(int versionCommand, int family, int length) {
    ByteBuffer header = ByteBuffer.allocate(16 + length);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) versionCommand).put((byte) family).putShort((short) length);
    return header;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
