package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchProgressTest {
  private static final TopicPartition P0 = new TopicPartition("postfleet.delivery.relay", 0);
  private static final TopicPartition P1 = new TopicPartition("postfleet.delivery.relay", 1);

  private final List<ConsumerRecord<String, byte[]>> p0 = records(P0, 10, 11, 12);
  private final List<ConsumerRecord<String, byte[]>> p1 = records(P1, 40, 41);
  private final BatchProgress progress = new BatchProgress(new ConsumerRecords<>(Map.of(P0, p0, P1, p1), Map.of()));

  @Test
  void nothingIsCommittableBeforeTheFirstRecordOfAPartitionIsDone() {
    progress.done(p0.get(1));
    progress.done(p0.get(2));
    assertEquals(Map.of(), progress.advanced());
  }

  @Test
  void aPartitionAdvancesToItsFirstRecordStillInWork() {
    progress.done(p0.get(0));
    progress.done(p0.get(2));
    progress.done(p1.get(0));
    progress.done(p1.get(1));
    assertEquals(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(42)), progress.advanced());
  }

  @Test
  void whatWasCommittedIsNeitherCommittedAgainNorRepeatedAfterAFailure() {
    progress.done(p0.get(0));
    progress.committed(progress.advanced());
    assertEquals(Map.of(), progress.advanced());
    assertEquals(Map.of(P0, 11L, P1, 40L), progress.resumePositions());
  }

  private static List<ConsumerRecord<String, byte[]>> records(TopicPartition partition, long... offsets) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (long offset : offsets) {
      records.add(new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "outside.test", new byte[0]));
    }
    return records;
  }
}
