package io.postfleet.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of batches whose work is durable but not yet committed, held so that one commit
 * covers the batches of an interval instead of one each. A commit is an append to
 * {@code __consumer_offsets}, which a one-replica broker fsyncs: measured with ten SMTP sessions,
 * the three groups of the delivery path committed 0.24 times per message, a quarter of all broker
 * requests. Holding offsets never weakens durability, since they stand only for work already
 * durable; a crash repeats at most one interval's work, which every sink tolerates (at-least-once,
 * idempotent sinks). Used by the consumer thread only.
 */
final class DurableOffsets {
  private final long intervalNanos;
  private final Map<TopicPartition, OffsetAndMetadata> held = new HashMap<>();
  private long lastCommitNanos;

  DurableOffsets(Duration interval, long nowNanos) {
    this.intervalNanos = interval.toNanos();
    this.lastCommitNanos = nowNanos;
  }

  /** A batch's work is durable: its next offsets replace older ones of the same partitions. */
  void durable(Map<TopicPartition, OffsetAndMetadata> next) {
    held.putAll(next);
  }

  /** Offsets already committed by other means (progress within a batch) need no commit from here. */
  void committed(Collection<TopicPartition> partitions) {
    partitions.forEach(held::remove);
  }

  /**
   * What to commit now and forget, empty when nothing is held or the interval has not passed;
   * {@code idle} (nothing more to work on) commits at once, so an idle consumer lags by nothing.
   */
  Map<TopicPartition, OffsetAndMetadata> due(long nowNanos, boolean idle) {
    if (held.isEmpty() || (!idle && nowNanos - lastCommitNanos < intervalNanos)) {
      return Map.of();
    }
    lastCommitNanos = nowNanos;
    return takeAll();
  }

  /** Everything held, for a final commit (shutdown) or before partitions are taken away. */
  Map<TopicPartition, OffsetAndMetadata> takeAll() {
    Map<TopicPartition, OffsetAndMetadata> all = Map.copyOf(held);
    held.clear();
    return all;
  }

  /** The held offsets of these partitions, forgotten here (they are being revoked). */
  Map<TopicPartition, OffsetAndMetadata> take(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = held.remove(partition);
      if (offset != null) {
        taken.put(partition, offset);
      }
    }
    return taken;
  }
}
