package io.postfleet.outboundrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.outboundrelay.dkim.DkimKey;
import io.postfleet.outboundrelay.dkim.DkimKeyTable;
import io.postfleet.outboundrelay.dkim.DkimSigner;
import io.postfleet.outboundrelay.dkim.DkimSigning;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMVerifier;
import org.junit.jupiter.api.Test;

/** The signature covers the exact bytes that reach the server, dot-stuffing and all. */
class SignedDeliveryTest {

  @Test
  void messageSignedByTheRelayVerifiesAsTheServerReceivedIt() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    DkimKey key = new DkimKey("mail.example.test", "s1", keys.getPrivate());
    DkimSigning signing = new DkimSigning(() -> new DkimKeyTable(Map.of("mail.example.test", key), Map.of()),
        new DkimSigner(Clock.systemUTC()));
    String message = "From: info@mail.example.test\r\nTo: a@outside.test\r\nSubject: signed\r\n\r\n"
        + ".a line that gets dot-stuffed\r\n..and another\r\n";
    try (TestDnsServer dns = TestDnsServer.start();
        SmtpSink mx = SmtpSink.start();
        TestRelay relay = new TestRelay(dns, mx.port()).signing(signing)) {

      relay.deliver(TestRelay.job("[127.0.0.1]:" + mx.port(), EsmtpOptions.NONE,
          message.getBytes(StandardCharsets.US_ASCII), "a@outside.test"));

      byte[] received = mx.awaitMessages(1, Duration.ofSeconds(5)).get(0).data();
      assertTrue(new String(received, StandardCharsets.US_ASCII).startsWith("DKIM-Signature: v=1; a=rsa-sha256;"));
      String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
      assertEquals(1, new DKIMVerifier((method, selector, domain) -> List.of(record))
          .verify(new ByteArrayInputStream(received)).size());
    }
  }
}
