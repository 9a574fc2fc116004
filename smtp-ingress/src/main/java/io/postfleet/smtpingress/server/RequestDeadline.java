package io.postfleet.smtpingress.server;

import java.time.Duration;

/**
 * The time a client has for its current request, as Postfix's smtpd_per_request_deadline with
 * smtpd_min_data_rate: a command must arrive whole within the timeout however its bytes trickle
 * in; message content buys more time only at the minimum rate, and never more than one timeout
 * ahead of now. A client that sends a byte now and then (slowloris) runs out of time.
 */
final class RequestDeadline {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long timeoutNanos;
  private final int minDataRate;
  private long deadline;

  RequestDeadline(Duration timeout, int minDataRate) {
    this.timeoutNanos = timeout.toNanos();
    this.minDataRate = minDataRate;
    restart();
  }

  /** A new request begins: a full timeout from now. */
  void restart() {
    deadline = System.nanoTime() + timeoutNanos;
  }

  /** Message content arrived: {@code octets} at the minimum rate are worth this much more time. */
  void earn(int octets) {
    long earned = deadline + octets * NANOS_PER_SECOND / minDataRate;
    long cap = System.nanoTime() + timeoutNanos;
    deadline = earned - cap > 0 ? cap : earned;
  }

  /** Milliseconds left, 0 when the time is up. */
  long remainingMillis() {
    return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
  }
}
