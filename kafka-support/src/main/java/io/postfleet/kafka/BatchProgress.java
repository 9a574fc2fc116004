package io.postfleet.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which records of a batch in work are already durable, told by the handler's threads in any
 * order; the consumer thread commits, per partition, up to the first record that is not. A crash
 * then repeats only the records still in work, not the whole batch: for the relay, this narrows
 * the window in which a remote server may get a message twice to the delivery in progress.
 */
public final class BatchProgress {
  private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  BatchProgress(ConsumerRecords<String, byte[]> records) {
    this(toList(records));
  }

  /** The records in the order of each partition, as a poll returns them. */
  BatchProgress(List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      TopicPartition partition = new TopicPartition(r.topic(), r.partition());
      pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(r.offset());
      next.put(partition, r.offset() + 1);
      committed.putIfAbsent(partition, r.offset());
    }
  }

  private static List<ConsumerRecord<String, byte[]>> toList(ConsumerRecords<String, byte[]> records) {
    List<ConsumerRecord<String, byte[]>> list = new ArrayList<>(records.count());
    records.forEach(list::add);
    return list;
  }

  /** The record's work is durable (e.g. its results are acknowledged by Kafka). */
  public synchronized void done(ConsumerRecord<String, byte[]> record) {
    TreeSet<Long> offsets = pending.get(new TopicPartition(record.topic(), record.partition()));
    if (offsets != null) {
      offsets.remove(record.offset());
    }
  }

  /** Offsets to commit now: per partition, the first record not yet done, where that moved on. */
  synchronized Map<TopicPartition, OffsetAndMetadata> advanced() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    pending.forEach((partition, left) -> {
      long position = left.isEmpty() ? next.get(partition) : left.first();
      if (position > committed.get(partition)) {
        offsets.put(partition, new OffsetAndMetadata(position));
      }
    });
    return offsets;
  }

  /** Remembers a successful commit, so a rewind does not repeat what it covers. */
  synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, offset) -> committed.merge(partition, offset.offset(), Math::max));
  }

  /** Where each partition must resume after a failure: its first record not yet committed. */
  synchronized Map<TopicPartition, Long> resumePositions() {
    return new HashMap<>(committed);
  }
}
