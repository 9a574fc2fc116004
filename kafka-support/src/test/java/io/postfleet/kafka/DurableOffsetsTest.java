package io.postfleet.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DurableOffsetsTest {
  private static final TopicPartition P0 = new TopicPartition("postfleet.inbound", 0);
  private static final TopicPartition P1 = new TopicPartition("postfleet.inbound", 1);
  private static final long MS = 1_000_000;

  private final DurableOffsets offsets = new DurableOffsets(Duration.ofMillis(200), 0);

  @Test
  void batchesWithinTheIntervalShareOneCommitOfTheNewestOffsets() {
    offsets.durable(Map.of(P0, at(10)));
    assertEquals(Map.of(), offsets.due(50 * MS, false));
    offsets.durable(Map.of(P0, at(20), P1, at(5)));
    assertEquals(Map.of(), offsets.due(199 * MS, false));
    assertEquals(Map.of(P0, at(20), P1, at(5)), offsets.due(200 * MS, false));
    assertEquals(Map.of(), offsets.due(500 * MS, false), "nothing is committed twice");
  }

  @Test
  void theIntervalStartsAgainAtEachCommit() {
    offsets.durable(Map.of(P0, at(10)));
    offsets.due(200 * MS, false);
    offsets.durable(Map.of(P0, at(11)));
    assertEquals(Map.of(), offsets.due(300 * MS, false));
    assertEquals(Map.of(P0, at(11)), offsets.due(400 * MS, false));
  }

  @Test
  void anIdleConsumerCommitsAtOnce() {
    offsets.durable(Map.of(P0, at(10)));
    assertEquals(Map.of(P0, at(10)), offsets.due(1 * MS, true));
    assertEquals(Map.of(), offsets.due(2 * MS, true));
  }

  @Test
  void partitionsCommittedByProgressOrRevokedAreForgotten() {
    offsets.durable(Map.of(P0, at(10), P1, at(5)));
    offsets.committed(List.of(P0));
    assertEquals(Map.of(P1, at(5)), offsets.take(List.of(P0, P1)));
    assertEquals(Map.of(), offsets.takeAll());
  }

  private static OffsetAndMetadata at(long offset) {
    return new OffsetAndMetadata(offset);
  }
}
