package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.outboundrelay.smtp.TlsLevel;
import io.postfleet.testkit.SinkMessage;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestCertificates;
import io.postfleet.testkit.TestDnsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS with real TLS on loopback: certificates made by a CA created for this test, the sink
 * doing the server side, and every TLS policy level.
 */
class StartTlsTest {
  private static TestCertificates ca;
  private static SSLContext mxCertificate;
  private static SSLContext wrongName;
  private static Path trusted;
  private static Path untrusted;

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestDnsServer dns;
  private SmtpSink mx;
  private TestRelay relay;

  @BeforeAll
  static void certificates(@TempDir Path dir) throws Exception {
    ca = TestCertificates.authority("Postfleet Test CA");
    mxCertificate = ca.serverContext("mx.outside.test");
    wrongName = ca.serverContext("somebody-else.test");
    trusted = ca.writeCaPem(dir.resolve("ca.pem"));
    untrusted = TestCertificates.authority("Stranger CA").writeCaPem(dir.resolve("stranger.pem"));
  }

  @BeforeEach
  void start() throws Exception {
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
    dns.mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1");
    relay = new TestRelay(dns, mx.port()).trustStore(trusted);
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    for (AutoCloseable c : closing) {
      c.close();
    }
    mx.close();
    dns.close();
  }

  @Test
  void opportunisticTlsIsUsedWhenOfferedAndItsFactsRecorded() throws Exception {
    mx.starttls(mxCertificate);

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    SinkMessage m = mx.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertTrue(m.tls().startsWith("TLSv1."), m.tls());
    assertTrue(results.get(0).facts().tls().startsWith(m.tls() + " with cipher TLS_"), results.get(0).facts().tls());
    assertEquals(List.of("EHLO relay.test", "STARTTLS", "EHLO relay.test"), mx.commands().subList(0, 3));
  }

  @Test
  void failedHandshakeAtLevelMayIsRetriedInPlaintext() throws Exception {
    mx.brokenStarttls();

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(results));
    assertEquals("", results.get(0).facts().tls());
    assertEquals("", mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls());
    assertEquals(2, mx.connections());
    assertEquals(1, mx.commands().stream().filter("STARTTLS"::equals).count(), "no STARTTLS on the retry");
  }

  @Test
  void refusedStarttlsAtLevelMayGoesOnInPlaintext() throws Exception {
    mx.starttls(mxCertificate).starttlsReply("454 4.7.0 TLS not available due to local problem");

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(results));
    assertEquals(1, mx.connections());
  }

  @Test
  void levelNoneNeverStartsTls() throws Exception {
    mx.starttls(mxCertificate);
    relay.tls("outside.test", TlsLevel.NONE);

    relay.deliver(job("outside.test", "a@outside.test"));

    assertEquals("", mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls());
    assertTrue(mx.commands().stream().noneMatch("STARTTLS"::equals));
  }

  @Test
  void requiredTlsNotOfferedDefersAndMovesOnToAnMxThatHasIt() throws Exception {
    SmtpSink plain = track(SmtpSink.start("127.0.0.2", mx.port()));
    dns.mx("tls.test", 10, "mx1.tls.test").a("mx1.tls.test", "127.0.0.2")
        .mx("tls.test", 20, "mx.outside.test").mx("plain.test", 10, "mx1.tls.test");
    mx.starttls(mxCertificate);
    relay.tls("tls.test", TlsLevel.ENCRYPT).tls("plain.test", TlsLevel.ENCRYPT);

    List<DeliveryResult> moved = relay.deliver(job("tls.test", "a@tls.test"));
    List<DeliveryResult> stuck = relay.deliver(job("plain.test", "b@plain.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(moved));
    assertTrue(moved.get(0).facts().tls().startsWith("TLSv1."));
    assertEquals(List.of("starttls: deferred 4.7.4 (TLS is required, but was not offered by host "
        + "mx1.tls.test[127.0.0.2])"), show(stuck));
    assertTrue(plain.messages().isEmpty());
  }

  @Test
  void requiredTlsWithBrokenHandshakeDefersWithoutFallingBack() throws Exception {
    mx.brokenStarttls();
    relay.tls("outside.test", TlsLevel.ENCRYPT);

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertTrue(show(results).get(0).startsWith("starttls: deferred 4.7.5"), show(results).get(0));
    assertTrue(results.get(0).outcome().detail().startsWith(
        "Cannot start TLS: handshake failure with mx.outside.test[127.0.0.1]"), results.get(0).outcome().detail());
    assertEquals(1, mx.connections());
    assertTrue(mx.messages().isEmpty());
  }

  @Test
  void requiredTlsRefusedByTheServerDefers() throws Exception {
    mx.starttls(mxCertificate).starttlsReply("454 4.7.0 TLS not available due to local problem");
    relay.tls("outside.test", TlsLevel.ENCRYPT);

    assertEquals(List.of("starttls: deferred 4.7.0 (TLS is required, but host mx.outside.test[127.0.0.1] "
        + "refused to start TLS: 454 4.7.0 TLS not available due to local problem)"),
        show(relay.deliver(job("outside.test", "a@outside.test"))));
  }

  @Test
  void encryptTakesAnyCertificate() throws Exception {
    mx.starttls(wrongName);
    relay.tls("outside.test", TlsLevel.ENCRYPT);

    String result = show(relay.deliver(job("outside.test", "a@outside.test"))).get(0);
    assertTrue(result.startsWith("data-done: sent 2.0.0"), result);
  }

  @Test
  void verifyAcceptsATrustedCertificateThatNamesTheMxHost() throws Exception {
    mx.starttls(mxCertificate);
    relay.tls("outside.test", TlsLevel.VERIFY);

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertTrue(show(results).get(0).startsWith("data-done: sent 2.0.0"), show(results).get(0));
    assertTrue(mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).tls().startsWith("TLSv1."));
  }

  @Test
  void verifyRefusesACertificateForAnotherName() throws Exception {
    mx.starttls(wrongName);
    relay.tls("outside.test", TlsLevel.VERIFY);

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertTrue(show(results).get(0).startsWith(
        "starttls: deferred 4.7.5 (Server certificate not verified: mx.outside.test[127.0.0.1]: "),
        show(results).get(0));
    assertTrue(show(results).get(0).contains("No subject alternative DNS name matching mx.outside.test"),
        "the name mismatch is told: " + show(results));
    assertTrue(mx.messages().isEmpty());
  }

  @Test
  void verifyRefusesACertificateFromAnUntrustedAuthority() throws Exception {
    mx.starttls(mxCertificate);
    relay.trustStore(untrusted).tls("outside.test", TlsLevel.VERIFY);

    List<DeliveryResult> results = relay.deliver(job("outside.test", "a@outside.test"));

    assertTrue(show(results).get(0).startsWith("starttls: deferred 4.7.5 (Server certificate not verified: "),
        show(results).get(0));
    assertTrue(mx.messages().isEmpty());
  }

  private <T extends AutoCloseable> T track(T resource) {
    closing.add(resource);
    return resource;
  }
}
