package io.postfleet.smtpingress.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.SpfVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpfCheckTest {
  private TestDnsServer dns;
  private SpfCheck spf;

  @BeforeEach
  void start() throws Exception {
    dns = TestDnsServer.start();
    spf = new SpfCheck(Dns.create(Optional.of(List.of(dns.address())), Duration.ofSeconds(2), 1), "mx.receiver.test");
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void ip4OfTheClientPasses() throws Exception {
    spf("sender.test", "v=spf1 ip4:192.0.2.0/24 -all");

    SpfVerdict verdict = spf.checkMailFrom(ip("192.0.2.7"), "mail.sender.test", "alice@sender.test");

    assertEquals(new SpfVerdict(AuthResult.PASS, "mailfrom", "alice@sender.test", "sender.test", ""), verdict);
    assertEquals(List.of("sender.test. TXT"), dns.queries(), "TXT only: the SPF RR type is gone (RFC 7208 §3.1)");
  }

  @Test
  void otherClientsFailSoftfailOrAreNeutralAsTheRecordSays() throws Exception {
    spf("hard.test", "v=spf1 ip4:192.0.2.1 -all");
    spf("soft.test", "v=spf1 ip4:192.0.2.1 ~all");
    spf("neutral.test", "v=spf1 ip4:192.0.2.1 ?all");
    spf("nomatch.test", "v=spf1 ip4:192.0.2.1");

    assertEquals(AuthResult.FAIL, mailFrom("198.51.100.9", "a@hard.test"));
    assertEquals(AuthResult.SOFTFAIL, mailFrom("198.51.100.9", "a@soft.test"));
    assertEquals(AuthResult.NEUTRAL, mailFrom("198.51.100.9", "a@neutral.test"));
    // RFC 7208 §4.7: nothing matched and no "all" is neutral.
    assertEquals(AuthResult.NEUTRAL, mailFrom("198.51.100.9", "a@nomatch.test"));
    assertEquals(AuthResult.PASS, mailFrom("192.0.2.1", "a@hard.test"));
  }

  @Test
  void theDomainsExplanationComesWithAFail() throws Exception {
    spf("explained.test", "v=spf1 -all exp=why.explained.test");
    dns.txt("why.explained.test", List.of("%{i} is not one of %{d}'s senders"));

    SpfVerdict verdict = spf.checkMailFrom(ip("198.51.100.9"), "helo.client.test", "a@explained.test");

    assertEquals(AuthResult.FAIL, verdict.result());
    assertEquals("198.51.100.9 is not one of explained.test's senders", verdict.explanation());
  }

  @Test
  void aDomainWithoutRecordIsNone() throws Exception {
    dns.txt("plain.test", List.of("some-site-verification=abc"));
    dns.a("plain.test", "192.0.2.1");

    assertEquals(AuthResult.NONE, mailFrom("192.0.2.1", "a@plain.test"));
    assertEquals(AuthResult.NONE, mailFrom("192.0.2.1", "a@nowhere.test"));
  }

  @Test
  void twoRecordsOrBadSyntaxArePermerror() throws Exception {
    spf("two.test", "v=spf1 ip4:192.0.2.1 -all");
    spf("two.test", "v=spf1 -all");
    spf("syntax.test", "v=spf1 ip4:192.0.2.300 -all");
    spf("unknown.test", "v=spf1 frobnicate:x -all");

    assertEquals(AuthResult.PERMERROR, mailFrom("192.0.2.1", "a@two.test"));
    assertEquals(AuthResult.PERMERROR, mailFrom("192.0.2.1", "a@syntax.test"));
    assertEquals(AuthResult.PERMERROR, mailFrom("192.0.2.1", "a@unknown.test"));
  }

  @Test
  void aServerFailureIsTemperrorNeverNone() throws Exception {
    dns.servfail("broken.test");

    assertEquals(AuthResult.TEMPERROR, mailFrom("192.0.2.1", "a@broken.test"));
  }

  @Test
  void includeIsFollowed() throws Exception {
    spf("customer.test", "v=spf1 include:provider.test -all");
    spf("provider.test", "v=spf1 ip4:203.0.113.0/24 -all");

    assertEquals(AuthResult.PASS, mailFrom("203.0.113.5", "a@customer.test"));
    assertEquals(AuthResult.FAIL, mailFrom("192.0.2.5", "a@customer.test"));
  }

  @Test
  void includeOfADomainWithoutRecordIsPermerror() throws Exception {
    // RFC 7208 §5.2: an included domain with no record is permerror, not a silent no-match.
    spf("customer.test", "v=spf1 include:gone.test -all");

    assertEquals(AuthResult.PERMERROR, mailFrom("203.0.113.5", "a@customer.test"));
  }

  @Test
  void aAndMxMechanismsResolveTheirNames() throws Exception {
    spf("amx.test", "v=spf1 a mx -all");
    dns.a("amx.test", "192.0.2.10");
    dns.mx("amx.test", 10, "mx1.amx.test");
    dns.a("mx1.amx.test", "192.0.2.20");

    assertEquals(AuthResult.PASS, mailFrom("192.0.2.10", "a@amx.test"));
    assertEquals(AuthResult.PASS, mailFrom("192.0.2.20", "a@amx.test"));
    assertEquals(AuthResult.FAIL, mailFrom("192.0.2.30", "a@amx.test"));
  }

  @Test
  void heloIdentityIsCheckedAsPostmasterAtTheName() throws Exception {
    spf("mail.sender.test", "v=spf1 a -all");
    dns.a("mail.sender.test", "192.0.2.44");

    assertEquals(new SpfVerdict(AuthResult.PASS, "helo", "postmaster@mail.sender.test", "mail.sender.test", ""),
        spf.checkHelo(ip("192.0.2.44"), "mail.sender.test"));
    assertEquals(AuthResult.FAIL, spf.checkHelo(ip("192.0.2.45"), "mail.sender.test").result());
  }

  @Test
  void anAddressLiteralHeloIsNone() throws Exception {
    assertEquals(AuthResult.NONE, spf.checkHelo(ip("192.0.2.44"), "[192.0.2.44]").result());
    assertEquals(AuthResult.NONE, spf.checkHelo(ip("2001:db8::1"), "[IPv6:2001:db8::1]").result());
    assertEquals(List.of(), dns.queries());
  }

  @Test
  void theNullSenderIsCheckedAsPostmasterAtTheHelo() throws Exception {
    spf("mail.bounce.test", "v=spf1 ip4:192.0.2.50 -all");

    SpfVerdict verdict = spf.checkMailFrom(ip("192.0.2.50"), "mail.bounce.test", "");

    assertEquals(new SpfVerdict(AuthResult.PASS, "mailfrom", "postmaster@mail.bounce.test", "mail.bounce.test", ""),
        verdict);
    assertEquals(AuthResult.FAIL, spf.checkMailFrom(ip("192.0.2.51"), "mail.bounce.test", "").result());
  }

  @Test
  void ipv6ClientsMatchIp6AndAaaa() throws Exception {
    spf("six.test", "v=spf1 ip6:2001:db8:1::/48 a -all");
    dns.aaaa("six.test", "2001:db8:2::25");

    assertEquals(AuthResult.PASS, mailFrom("2001:db8:1::7", "a@six.test"));
    assertEquals(AuthResult.PASS, mailFrom("2001:db8:2::25", "a@six.test"));
    assertEquals(AuthResult.FAIL, mailFrom("2001:db8:3::1", "a@six.test"));
  }

  @Test
  void moreThanTenLookupsIsPermerror() throws Exception {
    // RFC 7208 §4.6.4: at most 10 mechanisms and modifiers that query DNS.
    StringBuilder record = new StringBuilder("v=spf1");
    for (int i = 0; i < 11; i++) {
      record.append(" a:h").append(i).append(".many.test");
    }
    spf("many.test", record.append(" -all").toString());

    assertEquals(AuthResult.PERMERROR, mailFrom("192.0.2.1", "a@many.test"));
  }

  @Test
  void moreThanTwoVoidLookupsIsPermerror() throws Exception {
    // RFC 7208 §4.6.4: names that do not exist or have no address count as void lookups.
    dns.a("real.void.test", "198.51.100.1");
    spf("two.void.test", "v=spf1 a:n1.void.test mx:n2.void.test a:real.void.test ip4:192.0.2.1 -all");
    spf("three.void.test", "v=spf1 a:n1.void.test mx:n2.void.test a:n3.void.test ip4:192.0.2.1 -all");

    assertEquals(AuthResult.PASS, mailFrom("192.0.2.1", "a@two.void.test"));
    assertEquals(AuthResult.PERMERROR, mailFrom("192.0.2.1", "a@three.void.test"));
    assertEquals(AuthResult.PASS, mailFrom("192.0.2.1", "a@two.void.test"));
  }

  private AuthResult mailFrom(String client, String sender) throws Exception {
    return spf.checkMailFrom(ip(client), "helo.client.test", sender).result();
  }

  private void spf(String domain, String record) {
    dns.txt(domain, List.of(record));
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }
}
