package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class UncommittedRecordsTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final UncommittedRecords records = new UncommittedRecords();

  @Test
  void aRecordKeepsTheTimeItWasFirstFetchedThroughRewindsUntilACommitPassesIt() {
    records.fetched(P0, offsets(P0, 10, 20), 100);
    records.fetched(P1, offsets(P1, 0, 5), 150);
    // The batch failed and was fetched again, later: the records still wait since 100.
    records.fetched(P0, offsets(P0, 10, 20), 300);
    assertEquals(100L, records.oldestSince());
    // Progress committed half of P0's batch: the other half still waits since 100.
    records.committed(Map.of(P0, new OffsetAndMetadata(15)));
    assertEquals(100L, records.oldestSince());
    records.committed(Map.of(P0, new OffsetAndMetadata(20)));
    assertEquals(150L, records.oldestSince());
    records.forget(List.of(P1));
    assertNull(records.oldestSince());
  }

  @Test
  void recordsFetchedAfterACommitCountFromTheirOwnFetch() {
    records.fetched(P0, offsets(P0, 0, 3), 100);
    records.committed(Map.of(P0, new OffsetAndMetadata(3)));
    assertNull(records.oldestSince());
    records.fetched(P0, offsets(P0, 3, 6), 200);
    assertEquals(200L, records.oldestSince());
  }

  private static List<ConsumerRecord<String, byte[]>> offsets(TopicPartition p, long from, long to) {
    return LongStream.range(from, to).mapToObj(o -> new ConsumerRecord<String, byte[]>(p.topic(), p.partition(), o, "k",
        new byte[0])).toList();
  }
}
