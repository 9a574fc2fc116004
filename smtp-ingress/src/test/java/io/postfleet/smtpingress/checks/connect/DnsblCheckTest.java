package io.postfleet.smtpingress.checks.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.smtpingress.checks.MovableClock;
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

class DnsblCheckTest {
  private static final String CLIENT = "192.0.2.99";
  private static final String OTHER_CLIENT = "192.0.2.98";

  private TestDnsServer dns;
  private DnsblCheck dnsbl;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    dnsbl = dnsbl(Duration.ofSeconds(2));
  }

  private DnsblCheck dnsbl(Duration timeout) {
    Dns resolver = Dns.create(Optional.of(List.of(dns.address())), timeout, 1);
    return new DnsblCheck(resolver, new DnsblZoneHealth(resolver, new MovableClock()));
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void listedClientScoresAndUnlistedClientDoesNot() throws Exception {
    working("bl.test").a("99.2.0.192.bl.test", "127.0.0.2");

    DnsblScore listed = check(CLIENT, "bl.test*2");
    DnsblScore clean = check(OTHER_CLIENT, "bl.test*2");

    assertEquals(new DnsblScore(2, List.of("bl.test"), List.of(), List.of(), List.of()), listed);
    assertTrue(listed.listed(2));
    assertFalse(listed.listed(3));
    assertEquals(new DnsblScore(0, List.of(), List.of(), List.of(), List.of()), clean);
    assertFalse(clean.listed(1));
  }

  @Test
  void refusalCodeIsAnErrorOfTheZoneNeverAListing() throws Exception {
    working("zen.test").a("99.2.0.192.zen.test", "127.0.0.2").a("98.2.0.192.zen.test", "127.255.255.254");

    assertEquals(1, check(CLIENT, "zen.test").score());
    assertEquals(new DnsblScore(0, List.of(), List.of(), List.of(), List.of("zen.test")),
        check(OTHER_CLIENT, "zen.test"));
  }

  @Test
  void answerOutsideLoopbackNetIsAnErrorNotAListing() throws Exception {
    working("wild.test").a("99.2.0.192.wild.test", "192.0.2.1");

    assertEquals(new DnsblScore(0, List.of(), List.of(), List.of(), List.of("wild.test")), check(CLIENT, "wild.test"));
  }

  @Test
  void allowlistNegativeWeightCancelsAListing() throws Exception {
    working("bl.test").a("99.2.0.192.bl.test", "127.0.0.2");
    working("wl.test").a("99.2.0.192.wl.test", "127.0.10.2");

    DnsblScore score = check(CLIENT, "bl.test*2", "wl.test=127.0.[0..255].[1..3]*-2");

    assertEquals(new DnsblScore(0, List.of("bl.test"), List.of("wl.test"), List.of(), List.of()), score);
    assertFalse(score.listed(1));
  }

  @Test
  void filtersPickWhichAnswersCountAndTheZoneIsAskedOnce() throws Exception {
    working("zen.test").a("99.2.0.192.zen.test", "127.0.0.4").a("99.2.0.192.zen.test", "127.0.0.10");

    DnsblScore score = check(CLIENT,
        "zen.test=127.0.0.[2..3]*5", "zen.test=127.0.0.[4;20]*3", "zen.test=127.0.0.[9..11]", "zen.test=127.0.1.4*7");

    assertEquals(new DnsblScore(4, List.of("zen.test"), List.of(), List.of(), List.of()), score);
    assertEquals(1, dns.queries().stream().filter(q -> q.equals("99.2.0.192.zen.test. A")).count());
  }

  @Test
  void zoneFailingItsSelfTestIsSkippedAndReported() throws Exception {
    // Lists everybody, the test address 127.0.0.1 included.
    working("all.test").a("1.0.0.127.all.test", "127.0.0.2").a("99.2.0.192.all.test", "127.0.0.2");
    working("bl.test").a("99.2.0.192.bl.test", "127.0.0.2");

    DnsblScore first = check(CLIENT, "all.test*5", "bl.test");
    DnsblScore again = check(OTHER_CLIENT, "all.test*5", "bl.test");

    assertEquals(new DnsblScore(1, List.of("bl.test"), List.of(), List.of(), List.of("all.test")), first);
    assertEquals(new DnsblScore(0, List.of(), List.of(), List.of(), List.of("all.test")), again);
    // Once known broken, the zone is not asked about clients at all.
    assertFalse(dns.queries().contains("98.2.0.192.all.test. A"), dns.queries().toString());
  }

  @Test
  void failedLookupIsThatZonesTemperrorAndScoresNothing() throws Exception {
    working("bl.test").servfail("99.2.0.192.bl.test");
    working("other.test").a("99.2.0.192.other.test", "127.0.0.2");

    assertEquals(new DnsblScore(1, List.of("other.test"), List.of(), List.of("bl.test"), List.of()),
        check(CLIENT, "bl.test*3", "other.test"));
  }

  @Test
  void zoneThatTimesOutDoesNotHoldTheCheckBeyondTheDnsTimeout() throws Exception {
    working("slow.test").a("99.2.0.192.slow.test", "127.0.0.2").delay("99.2.0.192.slow.test", Duration.ofSeconds(10));
    working("bl.test").a("99.2.0.192.bl.test", "127.0.0.2");

    dnsbl = dnsbl(Duration.ofMillis(500));

    long start = System.nanoTime();
    DnsblScore score = check(CLIENT, "slow.test*3", "bl.test");

    // Dns gives up after timeout x queries x 4 + 1 s = 3 s here, well before the server answers.
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took too long");
    assertEquals(new DnsblScore(1, List.of("bl.test"), List.of(), List.of("slow.test"), List.of()), score);
  }

  @Test
  void ipv6ClientIsAskedAsThirtyTwoReversedNibbles() throws Exception {
    working("bl.test").a("5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.test", "127.0.0.2");

    assertEquals(List.of("bl.test"), check("2001:db8::25", "bl.test").listedBy());
  }

  @Test
  void unparsableSiteIsReportedAndTheOthersStillScore() throws Exception {
    working("bl.test").a("99.2.0.192.bl.test", "127.0.0.2");

    assertEquals(new DnsblScore(1, List.of("bl.test"), List.of(), List.of(), List.of("bad..test")),
        check(CLIENT, "bad..test", "bl.test"));
  }

  /** A zone that passes the RFC 5782 §5 self-test: 127.0.0.2 listed, 127.0.0.1 not. */
  private TestDnsServer working(String zone) {
    return dns.a("2.0.0.127." + zone, "127.0.0.2");
  }

  private DnsblScore check(String client, String... sites) throws Exception {
    DnsblPolicy policy = new DnsblPolicy(List.of(sites), 1, DnsblAction.ENFORCE);
    return dnsbl.check(InetAddress.getByName(client), policy).get(10, TimeUnit.SECONDS);
  }
}
