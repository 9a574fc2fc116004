package io.postfleet.outboundrelay.smtp;

import java.util.HashMap;
import java.util.Map;

/**
 * Caps the sessions running at the same time, per destination and in all: a caller waits for a
 * slot, as Postfix's qmgr holds back deliveries beyond a destination's concurrency limit, rather
 * than hammering one server with more connections than it is willing to take. Only destinations
 * with a session running are remembered.
 */
final class ConcurrencyLimiter {
  /** A held slot; closing it gives the slot back. */
  interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  private final int perDestination;
  private final int total;
  private final Map<String, Integer> running = new HashMap<>();
  private int runningTotal;

  ConcurrencyLimiter(ConnectionLimits limits) {
    this.perDestination = limits.perDestination();
    this.total = limits.total();
  }

  synchronized Slot acquire(String destination) throws InterruptedException {
    while (runningTotal >= total || running.getOrDefault(destination, 0) >= perDestination) {
      wait();
    }
    running.merge(destination, 1, Integer::sum);
    runningTotal++;
    return () -> release(destination);
  }

  private synchronized void release(String destination) {
    running.computeIfPresent(destination, (d, n) -> n == 1 ? null : n - 1);
    runningTotal--;
    notifyAll();
  }
}
