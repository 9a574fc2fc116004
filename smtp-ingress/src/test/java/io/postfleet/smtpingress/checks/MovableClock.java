package io.postfleet.smtpingress.checks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, so "ten minutes later" takes no time; shareable between threads. */
public final class MovableClock extends Clock {
  private volatile Instant now;

  public MovableClock() {
    this(Instant.parse("2026-12-02T10:00:00Z"));
  }

  public MovableClock(Instant start) {
    this.now = start;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the checks read instants only");
  }
}
