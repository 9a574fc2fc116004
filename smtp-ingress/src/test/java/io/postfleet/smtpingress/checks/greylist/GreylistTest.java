package io.postfleet.smtpingress.checks.greylist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.maps.policy.GreylistPolicy;
import io.postfleet.smtpingress.SchemaDatabase;
import io.postfleet.smtpingress.checks.MovableClock;
import io.postfleet.smtpingress.checks.greylist.GreylistResult.Action;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Greylisting against a real PostgreSQL migrated by queue-manager's own files, time moved by hand. */
class GreylistTest {
  private static final GreylistPolicy POLICY = GreylistPolicy.DEFAULT;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final String SENDER = "alice@sender.example";
  private static final String RECIPIENT = "bob@example.org";

  private static SchemaDatabase database;

  private MovableClock clock;
  private Greylist greylist;

  @BeforeAll
  static void start() throws Exception {
    database = SchemaDatabase.start();
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  @BeforeEach
  void fresh() throws Exception {
    database.clearGreylist();
    clock = new MovableClock(Instant.parse("2026-12-02T10:00:00Z"));
    greylist = pod();
  }

  @Test
  void aFirstAttemptIsDeferredForTheDelay() throws Exception {
    assertEquals(GreylistResult.defer(Duration.ofSeconds(300)), check(greylist, "192.0.2.10"));
  }

  @Test
  void aRetryBeforeTheDelayIsDeferredForWhatIsLeft() throws Exception {
    check(greylist, "192.0.2.10");
    clock.advance(Duration.ofSeconds(100));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(200)), check(greylist, "192.0.2.10"));
    clock.advance(Duration.ofMillis(199_500));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(1)), check(greylist, "192.0.2.10"));
  }

  @Test
  void aRetryAfterTheDelayPassesFromAnotherAddressOfTheNetwork() throws Exception {
    check(greylist, "192.0.2.10");
    clock.advance(Duration.ofSeconds(301));
    assertEquals(GreylistResult.pass(), check(greylist, "192.0.2.200"));
    clock.advance(Duration.ofDays(3));
    // Once passed, the triplet stays known past the retry window, until the maximum age.
    assertEquals(GreylistResult.pass(), check(greylist, "192.0.2.10"));
  }

  @Test
  void aFirstRetryAfterTheRetryWindowStartsAgain() throws Exception {
    check(greylist, "192.0.2.10");
    clock.advance(POLICY.retryWindow().plusSeconds(1));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(300)), check(greylist, "192.0.2.10"));
    clock.advance(Duration.ofSeconds(301));
    assertEquals(GreylistResult.pass(), check(greylist, "192.0.2.10"));
  }

  @Test
  void aTripletUnseenForTheMaximumAgeIsNewAgainBeforeAnyPurge() throws Exception {
    check(greylist, "192.0.2.10");
    clock.advance(Duration.ofSeconds(301));
    check(greylist, "192.0.2.10");
    clock.advance(POLICY.maxAge().plusSeconds(1));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(300)), check(greylist, "192.0.2.10"));
  }

  @Test
  void aNetworkThatPassedFiveTimesIsAllowlisted() throws Exception {
    for (int pass = 1; pass <= POLICY.autoAllowlistAfter(); pass++) {
      String recipient = "user" + pass + "@example.org";
      assertEquals(Action.DEFER, greylist.check(address("198.51.100.7"), SENDER, recipient, Optional.empty()).action());
      clock.advance(Duration.ofSeconds(301));
      assertEquals(Action.PASS, greylist.check(address("198.51.100.7"), SENDER, recipient, Optional.empty()).action());
      // postgrey counts a client once an hour at most.
      clock.advance(Duration.ofHours(1));
    }
    assertEquals(GreylistResult.allowlisted(),
        greylist.check(address("198.51.100.99"), "new@elsewhere.example", "new@example.org", Optional.empty()));
    assertEquals(Action.DEFER, check(greylist, "198.51.101.7").action());
  }

  @Test
  void passesWithinOneHourCountOnce() throws Exception {
    for (int pass = 1; pass <= POLICY.autoAllowlistAfter(); pass++) {
      greylist.check(address("198.51.100.7"), SENDER, "user" + pass + "@example.org", Optional.empty());
    }
    clock.advance(Duration.ofSeconds(301));
    for (int pass = 1; pass <= POLICY.autoAllowlistAfter(); pass++) {
      assertEquals(Action.PASS,
          greylist.check(address("198.51.100.7"), SENDER, "user" + pass + "@example.org", Optional.empty()).action());
    }
    assertEquals(Action.DEFER, check(greylist, "198.51.100.7").action());
  }

  @Test
  void theSpfDomainStandsForTheNetwork() throws Exception {
    Optional<String> spf = Optional.of("sender.example");
    greylist.check(address("198.51.100.7"), SENDER, RECIPIENT, spf);
    clock.advance(Duration.ofSeconds(301));
    assertEquals(GreylistResult.pass(), greylist.check(address("203.0.113.9"), SENDER, RECIPIENT, spf));
    assertEquals(Action.DEFER, check(greylist, "203.0.113.9").action());
  }

  @Test
  void ipv6ClientsAreGroupedBySlash64() throws Exception {
    check(greylist, "2001:db8:1:2::1");
    clock.advance(Duration.ofSeconds(301));
    assertEquals(GreylistResult.pass(), check(greylist, "2001:db8:1:2:ffff:eeee:dddd:9"));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(300)), check(greylist, "2001:db8:1:3::1"));
  }

  @Test
  void extensionsAndCaseDoNotMakeANewTriplet() throws Exception {
    greylist.check(address("192.0.2.10"), "alice+list-a@sender.example", "bob+inbox@example.org", Optional.empty());
    clock.advance(Duration.ofSeconds(301));
    assertEquals(GreylistResult.pass(), greylist.check(
        address("192.0.2.10"), "Alice+list-b@Sender.Example", "BOB+other@EXAMPLE.org", Optional.empty()));
  }

  @Test
  void podsShareTheState() throws Exception {
    Greylist other = pod();
    check(greylist, "192.0.2.10");
    clock.advance(Duration.ofSeconds(100));
    assertEquals(GreylistResult.defer(Duration.ofSeconds(200)), check(other, "192.0.2.11"));
    clock.advance(Duration.ofSeconds(201));
    assertEquals(GreylistResult.pass(), check(other, "192.0.2.12"));
  }

  @Test
  void podsRacingOnANewTripletAllDefer() throws Exception {
    List<Greylist> pods = List.of(greylist, pod());
    int attempts = 16;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(attempts);
    try {
      List<Future<GreylistResult>> results = new ArrayList<>();
      for (int i = 0; i < attempts; i++) {
        Greylist pod = pods.get(i % pods.size());
        Callable<GreylistResult> attempt = () -> {
          go.await();
          return check(pod, "192.0.2.10");
        };
        results.add(threads.submit(attempt));
      }
      go.countDown();
      for (Future<GreylistResult> result : results) {
        assertEquals(GreylistResult.defer(Duration.ofSeconds(300)), result.get());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(1, count("select count(*) from greylist_triplet where pass_count = 0"));
  }

  @Test
  void purgeForgetsWhatWasNotSeenForTheMaximumAge() throws Exception {
    for (int pass = 1; pass <= POLICY.autoAllowlistAfter(); pass++) {
      greylist.check(address("198.51.100.7"), SENDER, "user" + pass + "@example.org", Optional.empty());
      clock.advance(Duration.ofSeconds(301));
      greylist.check(address("198.51.100.7"), SENDER, "user" + pass + "@example.org", Optional.empty());
      clock.advance(Duration.ofHours(1));
    }
    clock.advance(Duration.ofDays(20));
    check(greylist, "192.0.2.10");
    clock.advance(Duration.ofDays(20));
    assertEquals(POLICY.autoAllowlistAfter() + 1, greylist.purgeExpired());
    assertEquals(1, count("select count(*) from greylist_triplet"));
    assertEquals(0, count("select count(*) from greylist_client"));
    assertEquals(Action.DEFER,
        greylist.check(address("198.51.100.7"), SENDER, "user1@example.org", Optional.empty()).action());
    assertEquals(0, greylist.purge(clock.instant().minus(POLICY.maxAge())));
  }

  private Greylist pod() {
    return new Greylist(database.dataSource(), POLICY, clock, TIMEOUT);
  }

  private static GreylistResult check(Greylist pod, String client) throws Exception {
    return pod.check(address(client), SENDER, RECIPIENT, Optional.empty());
  }

  private static InetAddress address(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  private static long count(String query) throws Exception {
    try (Connection c = database.dataSource().getConnection();
        Statement statement = c.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
