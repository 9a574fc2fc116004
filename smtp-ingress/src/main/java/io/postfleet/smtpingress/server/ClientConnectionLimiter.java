package io.postfleet.smtpingress.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Postfix's anvil for one pod: how many sessions each client address has open, and how many
 * connections it made in the current time unit. A client over either limit is refused with 421
 * 4.7.0, the way smtpd_client_connection_count_limit and smtpd_client_connection_rate_limit work.
 * Trusted clients are exempt (Postfix's smtpd_client_event_limit_exceptions = $mynetworks). The
 * address is the real client's, after any PROXY header, never the load balancer's.
 */
final class ClientConnectionLimiter {
  /** Past this many tracked clients, expired rate windows are swept out. */
  private static final int SWEEP_THRESHOLD = 10_000;

  private final int countLimit;
  private final int rateLimit;
  private final long rateUnitNanos;
  private final Predicate<InetAddress> exempt;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, Window> rates = new ConcurrentHashMap<>();

  ClientConnectionLimiter(int countLimit, int rateLimit, Duration rateUnit, Predicate<InetAddress> exempt) {
    this.countLimit = countLimit;
    this.rateLimit = rateLimit;
    this.rateUnitNanos = rateUnit.toNanos();
    this.exempt = exempt;
  }

  /**
   * Counts a new session of {@code client}. Returns false when it is over a limit; only a true
   * answer must be followed by {@link #release}.
   */
  boolean admit(InetAddress client) {
    if (exempt.test(client)) {
      open.merge(client, 1, Integer::sum);
      return true;
    }
    if (rateLimit > 0 && overRate(client)) {
      return false;
    }
    int now = open.merge(client, 1, Integer::sum);
    if (countLimit > 0 && now > countLimit) {
      release(client);
      return false;
    }
    return true;
  }

  void release(InetAddress client) {
    open.computeIfPresent(client, (c, n) -> n > 1 ? n - 1 : null);
  }

  /** Every attempt counts, refused ones included, as anvil counts them. */
  private boolean overRate(InetAddress client) {
    long now = System.nanoTime();
    if (rates.size() > SWEEP_THRESHOLD) {
      rates.values().removeIf(w -> now - w.start() >= rateUnitNanos);
    }
    Window w = rates.compute(client, (c, old) -> old == null || now - old.start() >= rateUnitNanos
        ? new Window(now, 1)
        : new Window(old.start(), old.count() + 1));
    return w.count() > rateLimit;
  }

  private record Window(long start, int count) {}
}
