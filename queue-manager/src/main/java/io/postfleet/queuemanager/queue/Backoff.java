package io.postfleet.queuemanager.queue;

import java.time.Duration;

/**
 * Postfix's retry spacing: the first retry after the minimal backoff, each later one twice as far
 * as the one before, never further apart than the maximal backoff.
 */
public record Backoff(Duration minimal, Duration maximal) {

  /** The wait before the next try, for a job that has had {@code attempts} attempts (1 or more). */
  public Duration after(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    long millis = minimal.toMillis() << doublings;
    return millis <= 0 || millis > maximal.toMillis() ? maximal : Duration.ofMillis(millis);
  }
}
