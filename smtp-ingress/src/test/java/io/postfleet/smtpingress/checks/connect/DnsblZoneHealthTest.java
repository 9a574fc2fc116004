package io.postfleet.smtpingress.checks.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.checks.MovableClock;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.testkit.TestDnsServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsblZoneHealthTest {
  private TestDnsServer dns;
  private final MovableClock clock = new MovableClock();
  private DnsblZoneHealth zones;
  private LogCapture log;

  @BeforeEach
  void start() throws IOException {
    // TTL 0, so the Dns cache does not hide a retest from the server's query log.
    dns = TestDnsServer.start().ttl(Duration.ZERO);
    zones = zones(Duration.ofSeconds(2));
    log = new LogCapture(DnsblZoneHealth.class);
  }

  private DnsblZoneHealth zones(Duration timeout) {
    return new DnsblZoneHealth(Dns.create(Optional.of(List.of(dns.address())), timeout, 1), clock);
  }

  @AfterEach
  void stop() {
    log.close();
    dns.close();
  }

  @Test
  void zoneListingTestAddressTwoButNotOneWorks() throws Exception {
    dns.a("2.0.0.127.bl.test", "127.0.0.2");

    assertEquals(ZoneHealth.WORKING, health("bl.test"));
    assertEquals(List.of("2.0.0.127.bl.test. A", "1.0.0.127.bl.test. A"), sorted(dns.queries()));
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void zoneNotListingTestAddressTwoIsBrokenWithOneWarningNamingIt() throws Exception {
    dns.a("99.2.0.192.dead.test", "127.0.0.2");

    assertEquals(ZoneHealth.BROKEN, health("dead.test"));
    assertEquals(ZoneHealth.BROKEN, health("dead.test"));
    assertEquals(1, log.warnings().size(), log.warnings().toString());
    String warning = log.warnings().get(0);
    assertTrue(warning.startsWith("warning: dnsbl zone dead.test fails its self-test"), warning);
    assertTrue(warning.contains("127.0.0.2 is not listed"), warning);
  }

  @Test
  void zoneListingEverythingIsBroken() throws Exception {
    dns.a("2.0.0.127.all.test", "127.0.0.2").a("1.0.0.127.all.test", "127.0.0.2");

    assertEquals(ZoneHealth.BROKEN, health("all.test"));
    assertTrue(log.warnings().get(0).contains("127.0.0.1 is listed"), log.warnings().toString());
  }

  @Test
  void zoneRefusingUsWithAnErrorCodeIsBroken() throws Exception {
    dns.a("2.0.0.127.refusing.test", "127.255.255.254");

    assertEquals(ZoneHealth.BROKEN, health("refusing.test"));
    assertTrue(log.warnings().get(0).contains("127.255.255.254 is an error code"), log.warnings().toString());
  }

  @Test
  void concurrentSessionsShareOneTestInFlight() throws Exception {
    dns.a("2.0.0.127.bl.test", "127.0.0.2").delay("2.0.0.127.bl.test", Duration.ofMillis(300));

    List<CompletableFuture<ZoneHealth>> asked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      asked.add(zones.health("bl.test"));
    }

    for (CompletableFuture<ZoneHealth> health : asked) {
      assertEquals(ZoneHealth.WORKING, health.get(5, TimeUnit.SECONDS));
    }
    assertEquals(List.of("2.0.0.127.bl.test. A", "1.0.0.127.bl.test. A"), sorted(dns.queries()));
  }

  @Test
  void zoneIsTestedAgainAfterTenMinutesWhileTheLastResultStillServes() throws Exception {
    dns.a("2.0.0.127.bl.test", "127.0.0.2");
    assertEquals(ZoneHealth.WORKING, health("bl.test"));

    clock.advance(DnsblZoneHealth.INTERVAL.minusSeconds(1));
    assertEquals(ZoneHealth.WORKING, health("bl.test"));
    assertEquals(2, dns.queries().size(), dns.queries().toString());

    // The zone dies; the retest starts at the interval, the session meanwhile gets the last result.
    dns.nxdomain("2.0.0.127.bl.test");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(ZoneHealth.WORKING, health("bl.test"));
    waitFor(() -> dns.queries().size() == 4 && health("bl.test") == ZoneHealth.BROKEN);
  }

  @Test
  void zoneWhoseTestTimedOutIsSkippedAndRetestedWhenNextAsked() throws Exception {
    dns.a("2.0.0.127.slow.test", "127.0.0.2").delay("2.0.0.127.slow.test", Duration.ofSeconds(5));
    zones = zones(Duration.ofMillis(300));

    assertEquals(ZoneHealth.UNTESTED, health("slow.test"));
    assertTrue(log.warnings().get(0).startsWith("warning: dnsbl zone slow.test: self-test lookup failed"),
        log.warnings().toString());

    long firstTest = slowTestQueries();
    // The next session does not wait for the retest it starts.
    long before = System.nanoTime();
    assertEquals(ZoneHealth.UNTESTED, health("slow.test"));
    assertTrue(System.nanoTime() - before < TimeUnit.MILLISECONDS.toNanos(500));
    waitFor(() -> slowTestQueries() > firstTest);
  }

  private long slowTestQueries() {
    return dns.queries().stream().filter(q -> q.equals("2.0.0.127.slow.test. A")).count();
  }

  private ZoneHealth health(String zone) throws Exception {
    return zones.health(zone).get(10, TimeUnit.SECONDS);
  }

  private static List<String> sorted(List<String> queries) {
    return queries.stream().sorted((a, b) -> b.compareTo(a)).toList();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 10 seconds");
      Thread.sleep(20);
    }
  }
}
