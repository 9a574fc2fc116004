package io.postfleet.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Since when the oldest record this consumer fetched has been waiting for its commit: a record in
 * work, retried, or durable but not yet committed. It measures a consumer that is stuck, not one
 * that is behind (that is the consumer-group lag): a record counts from the moment this consumer
 * first fetched it, and keeps its time through rewinds and repeated polls until a commit passes
 * it. Written by the consumer thread; {@link #oldestSince()} may be read by any thread.
 */
final class UncommittedRecords {
  /** Records {@code [start, end)} of one partition, fetched first at {@code fetchedNanos}. */
  private record Span(long end, long fetchedNanos) {}

  private final Map<TopicPartition, TreeMap<Long, Span>> spans = new HashMap<>();
  private volatile Long oldestSince;

  /** A poll returned these records of one partition (in offset order). */
  void fetched(TopicPartition partition, List<ConsumerRecord<String, byte[]>> records, long nowNanos) {
    if (records.isEmpty()) {
      return;
    }
    long start = records.get(0).offset();
    long end = records.get(records.size() - 1).offset() + 1;
    spans.computeIfAbsent(partition, p -> new TreeMap<>())
        .merge(start, new Span(end, nowNanos),
            (old, fresh) -> new Span(Math.max(old.end(), fresh.end()), old.fetchedNanos()));
    refresh();
  }

  /** These offsets are committed: every record below them is no longer waiting. */
  void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, next) -> {
      TreeMap<Long, Span> of = spans.get(partition);
      if (of == null) {
        return;
      }
      long committed = next.offset();
      Map<Long, Span> passed = of.headMap(committed, false);
      Long oldestLeft = null;
      long endLeft = committed;
      for (Span span : passed.values()) {
        if (span.end() > committed) {
          endLeft = Math.max(endLeft, span.end());
          if (oldestLeft == null || span.fetchedNanos() - oldestLeft < 0) {
            oldestLeft = span.fetchedNanos();
          }
        }
      }
      passed.clear();
      if (oldestLeft != null) {
        long since = oldestLeft;
        // The rest of a span that a commit cut: its records still wait, since the span was fetched.
        of.merge(committed, new Span(endLeft, since), (old, cut) -> new Span(Math.max(old.end(), cut.end()),
            old.fetchedNanos() - since < 0 ? old.fetchedNanos() : since));
      }
      if (of.isEmpty()) {
        spans.remove(partition);
      }
    });
    refresh();
  }

  /** Partitions this consumer no longer owns: their records are another consumer's to commit. */
  void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(spans::remove);
    refresh();
  }

  void forgetAll() {
    spans.clear();
    refresh();
  }

  /** The {@link System#nanoTime()} at which the oldest waiting record was fetched; null when none waits. */
  Long oldestSince() {
    return oldestSince;
  }

  private void refresh() {
    Long oldest = null;
    for (TreeMap<Long, Span> of : spans.values()) {
      for (Span span : of.values()) {
        if (oldest == null || span.fetchedNanos() - oldest < 0) {
          oldest = span.fetchedNanos();
        }
      }
    }
    oldestSince = oldest;
  }
}
