package io.postfleet.smtpingress.checks.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.IprevVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IprevCheckTest {
  private TestDnsServer dns;
  private IprevCheck iprev;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    iprev = new IprevCheck(Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void ptrNameWhoseAddressesIncludeTheClientPasses() throws Exception {
    dns.ptr("192.0.2.99", "mail.outside.test").a("mail.outside.test", "192.0.2.1").a("mail.outside.test", "192.0.2.99");

    assertEquals(new IprevVerdict(AuthResult.PASS, "mail.outside.test"), check("192.0.2.99"));
  }

  @Test
  void theConfirmedNameIsTheOneReturnedAmongSeveralPtrNames() throws Exception {
    dns.ptr("192.0.2.99", "liar.outside.test").ptr("192.0.2.99", "real.outside.test")
        .a("liar.outside.test", "198.51.100.7").a("real.outside.test", "192.0.2.99");

    assertEquals(new IprevVerdict(AuthResult.PASS, "real.outside.test"), check("192.0.2.99"));
  }

  @Test
  void ptrNameThatDoesNotResolveBackFails() throws Exception {
    dns.ptr("192.0.2.99", "forged.outside.test").a("forged.outside.test", "198.51.100.7");

    assertEquals(new IprevVerdict(AuthResult.FAIL, "forged.outside.test"), check("192.0.2.99"));
  }

  @Test
  void ptrNameWithoutAnyAddressFails() throws Exception {
    dns.ptr("192.0.2.99", "gone.outside.test");

    assertEquals(new IprevVerdict(AuthResult.FAIL, "gone.outside.test"), check("192.0.2.99"));
  }

  @Test
  void noPtrFails() throws Exception {
    dns.ptr("192.0.2.98", "neighbour.outside.test");

    assertEquals(new IprevVerdict(AuthResult.FAIL, ""), check("192.0.2.99"));
  }

  @Test
  void servfailOnThePtrIsTemperror() throws Exception {
    dns.servfail("99.2.0.192.in-addr.arpa");

    assertEquals(new IprevVerdict(AuthResult.TEMPERROR, ""), check("192.0.2.99"));
  }

  @Test
  void servfailOnTheOnlyForwardLookupIsTemperrorNotFail() throws Exception {
    dns.ptr("192.0.2.99", "mail.outside.test").servfail("mail.outside.test");

    assertEquals(new IprevVerdict(AuthResult.TEMPERROR, "mail.outside.test"), check("192.0.2.99"));
  }

  @Test
  void oneConfirmingNameWinsOverAnotherThatFailed() throws Exception {
    dns.ptr("192.0.2.99", "broken.outside.test").ptr("192.0.2.99", "mail.outside.test")
        .servfail("broken.outside.test").a("mail.outside.test", "192.0.2.99");

    assertEquals(new IprevVerdict(AuthResult.PASS, "mail.outside.test"), check("192.0.2.99"));
  }

  @Test
  void ipv6ClientIsConfirmedByAaaaNotA() throws Exception {
    dns.ptr("2001:db8::25", "v6.outside.test").aaaa("v6.outside.test", "2001:db8::25").a("v6.outside.test",
        "192.0.2.99");

    assertEquals(new IprevVerdict(AuthResult.PASS, "v6.outside.test"), check("2001:db8::25"));
    assertTrue(dns.queries().contains("v6.outside.test. AAAA"), dns.queries().toString());
    assertFalse(dns.queries().contains("v6.outside.test. A"), dns.queries().toString());
  }

  @Test
  void ipv6ClientWhoseNameHasOnlyAnIpv4AddressFails() throws Exception {
    dns.ptr("2001:db8::25", "v4only.outside.test").a("v4only.outside.test", "192.0.2.99");

    assertEquals(new IprevVerdict(AuthResult.FAIL, "v4only.outside.test"), check("2001:db8::25"));
  }

  @Test
  void atMostTenPtrNamesAreLookedUpForward() throws Exception {
    for (int i = 0; i < 12; i++) {
      dns.ptr("192.0.2.99", "n" + i + ".outside.test");
    }

    assertEquals(AuthResult.FAIL, check("192.0.2.99").result());
    long forward = dns.queries().stream().filter(q -> q.endsWith(".outside.test. A")).count();
    assertEquals(IprevCheck.MAX_PTR_NAMES, forward, dns.queries().toString());
  }

  private IprevVerdict check(String client) throws Exception {
    return iprev.check(InetAddress.getByName(client)).get(10, TimeUnit.SECONDS);
  }
}
