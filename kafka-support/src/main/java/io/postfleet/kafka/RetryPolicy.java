package io.postfleet.kafka;

import java.time.Duration;

/**
 * How often a record that makes its handler fail is tried before it is set aside as a dead letter,
 * and how long to wait between tries: {@code firstPause}, doubled after each failure up to
 * {@code maxPause}. Postfix has no count: qmgr moves a queue file it cannot read to {@code corrupt/}
 * at once; here a failure may be a bug fixed by the next deploy, so a record gets a few tries first.
 * Transient causes ({@link TransientFailures}) are never counted: they wait for as long as they last.
 */
public record RetryPolicy(int maxAttempts, Duration firstPause, Duration maxPause) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("a record needs at least one attempt: " + maxAttempts);
    }
    if (firstPause.isNegative() || maxPause.compareTo(firstPause) < 0) {
      throw new IllegalArgumentException("pauses must satisfy 0 <= first <= max: " + firstPause + ", " + maxPause);
    }
  }

  /** The pause after the {@code failures}-th failure in a row (1-based). */
  public Duration pauseAfter(int failures) {
    Duration pause = firstPause;
    for (int i = 1; i < failures && pause.compareTo(maxPause) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(maxPause) < 0 ? pause : maxPause;
  }
}
