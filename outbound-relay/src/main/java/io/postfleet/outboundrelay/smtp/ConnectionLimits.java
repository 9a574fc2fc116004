package io.postfleet.outboundrelay.smtp;

import java.time.Duration;

/**
 * How many sessions may run and how long one is kept, after Postfix's
 * {@code default_destination_concurrency_limit}, {@code default_process_limit} and
 * {@code smtp_connection_cache_time_limit} / {@code smtp_connection_reuse_*}.
 *
 * @param perDestination sessions to one next hop at the same time
 * @param total sessions at the same time, all destinations together
 * @param idleTimeout how long an unused session stays open for the next message
 * @param maxAge how long a session may be reused since it was opened
 * @param maxMessagesPerConnection how many messages one session carries before it is closed
 */
public record ConnectionLimits(
    int perDestination, int total, Duration idleTimeout, Duration maxAge, int maxMessagesPerConnection) {
  public ConnectionLimits {
    if (perDestination < 1 || total < 1 || maxMessagesPerConnection < 1) {
      throw new IllegalArgumentException("limits must be at least 1");
    }
  }

  /** Postfix's defaults: 20 per destination, 100 in all, 2 s idle, 300 s reuse, 100 messages. */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(20, 100, Duration.ofSeconds(2), Duration.ofSeconds(300), 100);
  }
}
