package io.postfleet.queuemanager.queue;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DurableKafka;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Finds a job of one message on postfleet.delivery.relay, reading the topic from its start. */
final class RelayJobsSent {
  private RelayJobsSent() {}

  static RelayDeliveryJob await(String bootstrap, String queueId) {
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(Topics.DELIVERY_RELAY));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          RelayDeliveryJob job = WireFormat.decodeRelayJob(r.value());
          if (job.queueId().equals(queueId)) {
            return job;
          }
        }
      }
    }
    throw new AssertionError("no job of " + queueId + " on " + Topics.DELIVERY_RELAY);
  }
}
