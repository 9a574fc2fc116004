package io.postfleet.outboundrelay.route;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.outboundrelay.route.RouteLookupException.Kind;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real DNS over UDP against a {@link TestDnsServer} on loopback; no real DNS is ever asked. */
class DnsTargetResolverTest {
  private TestDnsServer dns;
  private DnsTargetResolver resolver;

  @BeforeEach
  void start() throws IOException {
    dns = TestDnsServer.start();
    resolver = DnsTargetResolver.create(
        Optional.of(List.of(dns.address())), Duration.ofMillis(400), 1, 5);
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void mxHostsInPreferenceOrderWithTheirAddresses() throws Exception {
    dns.mx("outside.test", 20, "mx2.outside.test").mx("outside.test", 10, "mx1.outside.test")
        .a("mx1.outside.test", "127.0.0.1").aaaa("mx1.outside.test", "::1")
        .a("mx2.outside.test", "127.0.0.2");

    assertEquals(
        List.of("mx1.outside.test[127.0.0.1]:25", "mx1.outside.test[::1]:25",
            "mx2.outside.test[127.0.0.2]:25"),
        relays("outside.test"));
  }

  @Test
  void equalPreferencesAreTriedInRandomOrderButAlwaysBeforeWorseOnes() throws Exception {
    dns.mx("outside.test", 10, "a.outside.test").mx("outside.test", 10, "b.outside.test")
        .mx("outside.test", 30, "c.outside.test")
        .a("a.outside.test", "127.0.0.1").a("b.outside.test", "127.0.0.2").a("c.outside.test", "127.0.0.3");

    Set<String> firsts = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      List<String> relays = relays("outside.test");
      firsts.add(relays.get(0));
      assertEquals("c.outside.test[127.0.0.3]:25", relays.get(2));
    }
    assertEquals(Set.of("a.outside.test[127.0.0.1]:25", "b.outside.test[127.0.0.2]:25"), firsts);
  }

  @Test
  void mxHostsFromOurOwnPreferenceOnAreNotTried() throws Exception {
    resolver = resolver.withOwnAddresses(List.of("127.0.0.9"));
    dns.mx("backup.test", 10, "primary.backup.test").mx("backup.test", 20, "us.backup.test")
        .mx("backup.test", 20, "peer.backup.test").mx("backup.test", 30, "worse.backup.test")
        .a("primary.backup.test", "127.0.0.1").a("us.backup.test", "127.0.0.9")
        .a("peer.backup.test", "127.0.0.2").a("worse.backup.test", "127.0.0.3");

    // Equal preferences are shuffled: whether the peer came before us or after, it must go.
    for (int i = 0; i < 20; i++) {
      assertEquals(List.of("primary.backup.test[127.0.0.1]:25"), relays("backup.test"));
    }
  }

  @Test
  void mailWhoseBestMxIsUsLoopsBack() throws Exception {
    resolver = resolver.withOwnAddresses(List.of("127.0.0.9", "::1"));
    dns.mx("ours.test", 10, "mx.ours.test").mx("ours.test", 20, "backup.elsewhere.test")
        .aaaa("mx.ours.test", "::1").a("backup.elsewhere.test", "127.0.0.3");
    dns.a("implicit.test", "127.0.0.9");

    RouteLookupException best = failure("ours.test");
    assertEquals(Kind.LOOPS_BACK, best.kind());
    assertEquals("mail for ours.test loops back to myself", best.getMessage());
    assertEquals(Kind.LOOPS_BACK, failure("implicit.test").kind(), "the implicit MX of a domain without MX");
    // A bracketed next hop is an explicit order; the greeting check guards it instead.
    assertEquals(List.of("127.0.0.9[127.0.0.9]:25"), relays("[127.0.0.9]"));
  }

  @Test
  void domainWithoutMxIsItsOwnMailExchanger() throws Exception {
    dns.a("outside.test", "127.0.0.5");

    assertEquals(List.of("outside.test[127.0.0.5]:25"), relays("outside.test"));
    assertEquals(List.of("outside.test. A", "outside.test. AAAA", "outside.test. MX"),
        sorted(dns.queries()));
  }

  @Test
  void mxHostBehindCnameIsFollowed() throws Exception {
    dns.mx("outside.test", 10, "mail.outside.test").cname("mail.outside.test", "real.outside.test")
        .a("real.outside.test", "127.0.0.7");

    assertEquals(List.of("mail.outside.test[127.0.0.7]:25"), relays("outside.test"));
  }

  @Test
  void cnameChainsAreFollowedForTheDomainAndForMxHosts() throws Exception {
    dns.cname("outside.test", "alias.other.test").cname("alias.other.test", "mail-domain.other.test")
        .mx("mail-domain.other.test", 10, "mx.outside.test")
        .cname("mx.outside.test", "hop1.outside.test").cname("hop1.outside.test", "hop2.outside.test")
        .cname("hop2.outside.test", "real.outside.test")
        .a("real.outside.test", "127.0.0.7").aaaa("real.outside.test", "2001:db8:0:0:0:0:0:25");

    assertEquals(List.of("mx.outside.test[127.0.0.7]:25", "mx.outside.test[2001:db8::25]:25"),
        relays("outside.test"));
  }

  @Test
  void ipv6OnlyMxHostIsATarget() throws Exception {
    dns.mx("outside.test", 10, "mx6.outside.test").aaaa("mx6.outside.test", "2001:db8:1:0:0:0:0:1");

    assertEquals(List.of("mx6.outside.test[2001:db8:1::1]:25"), relays("outside.test"));
  }

  @Test
  void answersAreCachedUpToTheirTtl() throws Exception {
    // An AAAA record too: a "no such record" answer without an SOA may not be cached (RFC 2308 §5).
    dns.ttl(Duration.ofSeconds(1)).mx("outside.test", 10, "mx.outside.test").a("mx.outside.test", "127.0.0.1")
        .aaaa("mx.outside.test", "::1");

    relays("outside.test");
    int asked = dns.queries().size();
    relays("outside.test");
    assertEquals(asked, dns.queries().size(), "the second lookup was answered from the cache");
    // Until the 1 s TTL has run out every lookup is answered from the cache; then DNS is asked again.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
      relays("outside.test");
      return dns.queries().size() > asked;
    });
    assertEquals(2 * asked, dns.queries().size(), "after the TTL DNS is asked again, once: " + dns.queries());
  }

  @Test
  void failedLookupsAreNotCached() {
    dns.servfail("broken.test");

    failure("broken.test");
    int asked = dns.queries().size();
    failure("broken.test");
    assertTrue(dns.queries().size() > asked, dns.queries().toString());
  }

  @Test
  void ipLiteralNextHopAsksNoDns() throws Exception {
    assertEquals(List.of("127.0.0.1[127.0.0.1]:2525"), relays("[127.0.0.1]:2525"));
    assertEquals(List.of(), dns.queries());
  }

  @Test
  void bracketedHostNameSkipsTheMxLookup() throws Exception {
    dns.mx("relay.test", 10, "elsewhere.test").a("relay.test", "127.0.0.8");

    assertEquals(List.of("relay.test[127.0.0.8]:587"), relays("[relay.test]:587"));
    assertTrue(dns.queries().stream().noneMatch(q -> q.endsWith(" MX")), dns.queries().toString());
  }

  @Test
  void nxdomainIsNotFound() {
    dns.nxdomain("nowhere.test");

    RouteLookupException e = failure("nowhere.test");
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals("Host or domain name not found. Name service error for name=nowhere.test type=MX: "
        + "Host not found", e.getMessage());
  }

  @Test
  void servfailAndTimeoutAreTemporary() {
    dns.servfail("broken.test").delay("slow.test", Duration.ofSeconds(3)).mx("slow.test", 10, "mx.slow.test");

    RouteLookupException broken = failure("broken.test");
    assertEquals(Kind.TEMPORARY, broken.kind());
    assertTrue(broken.getMessage().endsWith("Host not found, try again"), broken.getMessage());
    long start = System.nanoTime();
    assertEquals(Kind.TEMPORARY, failure("slow.test").kind());
    // The 400 ms query timeout must be what ends it (dnsjava checks timeouts about once a second),
    // well before the 3 s answer and before DnsLookups' own safety limit of 2.6 s.
    long elapsed = System.nanoTime() - start;
    assertTrue(elapsed < Duration.ofMillis(2000).toNanos(), "took " + elapsed / 1_000_000 + " ms");
  }

  @Test
  void unresolvableMxHostsAreSkipped() throws Exception {
    dns.mx("outside.test", 10, "ghost.outside.test").mx("outside.test", 20, "mx.outside.test")
        .a("mx.outside.test", "127.0.0.1");

    assertEquals(List.of("mx.outside.test[127.0.0.1]:25"), relays("outside.test"));
  }

  @Test
  void noMxHostWithAnAddressIsFinalUnlessALookupFailed() {
    dns.mx("gone.test", 10, "ghost.gone.test");
    dns.mx("shaky.test", 10, "ghost.shaky.test").mx("shaky.test", 20, "broken.shaky.test")
        .servfail("broken.shaky.test");

    assertEquals(Kind.NO_ADDRESS, failure("gone.test").kind());
    assertEquals(Kind.TEMPORARY, failure("shaky.test").kind());
  }

  @Test
  void nullMxRefusesAllMail() {
    dns.mx("nomail.test", 0, ".");

    assertEquals(Kind.NULL_MX, failure("nomail.test").kind());
  }

  @Test
  void addressesBeyondTheLimitAreNotTried() throws Exception {
    for (int i = 1; i <= 7; i++) {
      dns.mx("big.test", i, "mx" + i + ".big.test").a("mx" + i + ".big.test", "127.0.0." + i);
    }

    assertEquals(5, relays("big.test").size());
  }

  private List<String> relays(String nextHop) throws RouteLookupException {
    return resolver.resolve(NextHop.parse(nextHop, 25)).stream()
        .map(Target::relay).collect(Collectors.toList());
  }

  private RouteLookupException failure(String nextHop) {
    return assertThrows(RouteLookupException.class, () -> resolver.resolve(NextHop.parse(nextHop, 25)));
  }

  private static List<String> sorted(List<String> list) {
    return list.stream().sorted().collect(Collectors.toList());
  }
}
