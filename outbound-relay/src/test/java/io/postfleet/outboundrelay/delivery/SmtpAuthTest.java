package io.postfleet.outboundrelay.delivery;

import static io.postfleet.outboundrelay.delivery.TestRelay.job;
import static io.postfleet.outboundrelay.delivery.TestRelay.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.outboundrelay.smtp.Credentials;
import io.postfleet.testkit.SinkMessage;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestCertificates;
import io.postfleet.testkit.TestDnsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP AUTH to a configured next hop (a relayhost), against a sink that checks the password. */
class SmtpAuthTest {
  private static SSLContext certificate;

  private TestDnsServer dns;
  private SmtpSink relayhost;
  private TestRelay relay;
  private String hop;

  @BeforeAll
  static void certificate() {
    certificate = TestCertificates.authority("Auth Test CA").serverContext("127.0.0.1");
  }

  @BeforeEach
  void start() throws Exception {
    dns = TestDnsServer.start();
    relayhost = SmtpSink.start().auth("relay-user", "s3cret");
    relay = new TestRelay(dns, relayhost.port());
    hop = "[127.0.0.1]:" + relayhost.port();
  }

  @AfterEach
  void stop() {
    relay.close();
    relayhost.close();
    dns.close();
  }

  @Test
  void authenticatesWithPlainOverTls() throws Exception {
    relayhost.starttls(certificate);
    relay.auth(hop, new Credentials("relay-user", "s3cret", false));

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test"));

    assertEquals(List.of("data-done: sent 2.0.0 (250 2.0.0 Ok: queued by sink)"), show(results));
    SinkMessage m = relayhost.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("relay-user", m.authUser());
    assertTrue(m.tls().startsWith("TLSv1."));
    String plain = Base64.getEncoder().encodeToString("\0relay-user\0s3cret".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("EHLO relay.test", "STARTTLS", "EHLO relay.test", "AUTH PLAIN " + plain),
        relayhost.commands().subList(0, 4));
  }

  @Test
  void usesLoginWhenThatIsAllTheServerOffers() throws Exception {
    relayhost.starttls(certificate).authMechanisms("LOGIN");
    relay.auth("127.0.0.1", new Credentials("relay-user", "s3cret", false));

    relay.deliver(job(hop, "a@outside.test"));

    assertEquals("relay-user", relayhost.awaitMessages(1, Duration.ofSeconds(5)).get(0).authUser());
    assertTrue(relayhost.commands().contains("AUTH LOGIN"), relayhost.commands().toString());
  }

  @Test
  void neverSendsThePasswordWithoutTlsUnlessAllowed() throws Exception {
    relay.auth(hop, new Credentials("relay-user", "s3cret", false));

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test"));

    assertEquals(List.of("auth: deferred 4.7.0 (SASL authentication to 127.0.0.1[127.0.0.1] needs TLS, "
        + "which the session does not have)"), show(results));
    assertTrue(relayhost.commands().stream().noneMatch(c -> c.startsWith("AUTH")));
  }

  @Test
  void plaintextAuthenticationWhenExplicitlyAllowed() throws Exception {
    relay.auth(hop, new Credentials("relay-user", "s3cret", true));

    relay.deliver(job(hop, "a@outside.test"));

    SinkMessage m = relayhost.awaitMessages(1, Duration.ofSeconds(5)).get(0);
    assertEquals("relay-user", m.authUser());
    assertEquals("", m.tls());
  }

  @Test
  void wrongPasswordDefersRatherThanBounces() throws Exception {
    relayhost.starttls(certificate);
    relay.auth(hop, new Credentials("relay-user", "wrong", false));

    List<DeliveryResult> results = relay.deliver(job(hop, "a@outside.test"));

    assertEquals(List.of("auth: deferred 4.7.8 (SASL authentication failed; server 127.0.0.1[127.0.0.1] "
        + "said: 535 5.7.8 Error: authentication failed)"), show(results));
    assertTrue(results.get(0).facts().tls().startsWith("TLSv1."));
    assertTrue(relayhost.messages().isEmpty());
  }

  @Test
  void credentialsAreNeverPrinted() {
    assertEquals("Credentials[username=relay-user]", new Credentials("relay-user", "s3cret", false).toString());
  }
}
