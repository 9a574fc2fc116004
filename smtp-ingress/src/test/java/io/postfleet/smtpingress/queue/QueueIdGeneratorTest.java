package io.postfleet.smtpingress.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueueIdGeneratorTest {

  @Test
  void idsAreSixteenUpperCaseAlphanumerics() {
    String id = new QueueIdGenerator(Clock.systemUTC()).next();

    assertTrue(id.matches("[0-9A-Z]{16}"), id);
  }

  @Test
  void frozenClockStillGivesDistinctIncreasingIds() {
    QueueIdGenerator ids = new QueueIdGenerator(Clock.fixed(Instant.parse("2025-06-03T10:00:00Z"), ZoneOffset.UTC));
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.next());
    }

    assertEquals(10_000, new HashSet<>(made).size());
    for (int i = 1; i < made.size(); i++) {
      assertTrue(made.get(i - 1).substring(0, 10).compareTo(made.get(i).substring(0, 10)) < 0,
          made.get(i - 1) + " !< " + made.get(i));
    }
  }

  @Test
  void laterArrivalsSortAfterEarlierOnes() {
    String early = new QueueIdGenerator(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
    String late = new QueueIdGenerator(Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC)).next();

    assertTrue(early.compareTo(late) < 0, early + " " + late);
  }

  @Test
  void twoGeneratorsAtTheSameInstantAsOnTwoPodsDoNotCollide() {
    Clock same = Clock.fixed(Instant.parse("2025-06-03T10:00:00Z"), ZoneOffset.UTC);
    QueueIdGenerator podA = new QueueIdGenerator(same);
    QueueIdGenerator podB = new QueueIdGenerator(same);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      assertTrue(seen.add(podA.next()));
      assertTrue(seen.add(podB.next()));
    }
  }

  @Test
  void concurrentSessionsGetDistinctIds() {
    QueueIdGenerator ids = new QueueIdGenerator(Clock.systemUTC());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 50_000).parallel().forEach(i -> assertTrue(seen.add(ids.next())));
    assertEquals(50_000, seen.size());
  }
}
