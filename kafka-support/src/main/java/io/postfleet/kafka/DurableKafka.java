package io.postfleet.kafka;

import io.postfleet.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients configured the one way DESIGN.md allows: a record counts as written only when every
 * in-sync replica has it (acks=all, idempotent, so retries never duplicate), and consumers never
 * commit on their own. The base settings are a service's {@code kafka.*} configuration (Quarkus's
 * {@code default-kafka-broker} map), so any client setting can be tuned without code; the durability
 * settings here always win.
 */
public final class DurableKafka {
  private static final int LINGER_MS = 1;
  /** Room for what gathers in one partition while a request is in flight (16 KiB, the default, is 11 messages). */
  private static final int BATCH_BYTES = 256 * 1024;

  private DurableKafka() {}

  /**
   * @param sendTimeout bounds both a blocked send (metadata unavailable, buffer full) and the wait
   *     for the acknowledgement, so a dead broker turns into an error instead of a hang
   */
  public static KafkaProducer<String, byte[]> producer(Map<String, Object> kafka, String clientId,
      Duration sendTimeout) {
    Map<String, Object> p = new HashMap<>(kafka);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    // Lets sends that arrive at the same moment (concurrent SMTP sessions, a batch's jobs) share a request.
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    // Group commit: a broker that fsyncs each append (one replica) or waits for its followers
    // (three) does so once per request and partition, and handles one request per connection at
    // a time. With one request in flight, the records sent meanwhile wait in the producer and go
    // as one batch in the next request, one fsync for all of them; with five in flight, each went
    // in a small request of its own behind the others, an fsync each (measured: 2 records per
    // append on postfleet.inbound with ten SMTP sessions). The producer sends one batch per
    // partition per request, so the batch must hold what gathers during a round trip.
    p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    long lingerMs = Long.parseLong(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG)));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES);
    long timeoutMs = sendTimeout.toMillis();
    if (timeoutMs <= lingerMs) {
      throw new IllegalArgumentException("send timeout too short: " + sendTimeout);
    }
    // max.block.ms bounds waiting for metadata and buffer space, delivery.timeout.ms the whole send
    // with its retries; Kafka insists on delivery.timeout.ms >= linger.ms + request.timeout.ms.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeoutMs - lingerMs));
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> kafka, String groupId, int maxPollRecords) {
    Map<String, Object> p = new HashMap<>(kafka);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, groupId);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    // A record can be as large as the largest a topic accepts.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_RECORD_BYTES);
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The base settings for a client that knows only the broker addresses (tests, tools). */
  public static Map<String, Object> at(String bootstrapServers) {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Waits until Kafka acknowledged every send, all within one overall timeout; throws otherwise. */
  public static void awaitAll(List<? extends Future<RecordMetadata>> sends, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<RecordMetadata> send : sends) {
      send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}
