package io.postfleet.queuemanager.config;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, moved forward on demand: a test lets backoffs pass with {@link #advance}
 * instead of sleeping through them. Replaces {@link Clocks} in every test of the module; at offset
 * zero it is the system clock. A test that advances it puts it back with {@link #reset}.
 */
public final class TestClock extends Clock {
  private static volatile Duration offset = Duration.ZERO;

  public static void advance(Duration by) {
    offset = offset.plus(by);
  }

  public static void reset() {
    offset = Duration.ZERO;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("queue time is UTC");
  }

  /** Takes the place of the system clock in the application under test. */
  @Alternative
  @Priority(1)
  public static class Producer {
    @Produces
    @Singleton
    Clock clock() {
      return new TestClock();
    }
  }
}
