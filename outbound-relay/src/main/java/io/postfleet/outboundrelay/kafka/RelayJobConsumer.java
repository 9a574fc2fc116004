package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.Topics;
import io.postfleet.outboundrelay.config.RelayConfig;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Consumes {@link Topics#DELIVERY_RELAY} on its own thread and commits a batch only after every
 * result of it is in Kafka. A batch that cannot be made durable is rewound and delivered again:
 * at-least-once, like Postfix's queue, which may also send a message twice after a crash.
 */
@Singleton
public class RelayJobConsumer {
  private static final Logger LOG = Logger.getLogger(RelayJobConsumer.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final Map<String, Object> kafka;
  private final RelayConfig config;
  private final RelayDelivery delivery;
  private final ResultPublisher publisher;
  private volatile boolean running;
  private Thread thread;
  private ExecutorService executor;

  public RelayJobConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      RelayConfig config, RelayDelivery delivery, ResultPublisher publisher) {
    this.kafka = kafka;
    this.config = config;
    this.delivery = delivery;
    this.publisher = publisher;
  }

  void start(@Observes StartupEvent event) {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(config.consumer().parallelism(),
        r -> new Thread(r, "relay-delivery-" + n.incrementAndGet()));
    running = true;
    thread = new Thread(this::run, "relay-job-consumer");
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (thread == null) {
      return;
    }
    running = false;
    // No wakeup(): it could break a commit of a batch that is already durable. The loop sees
    // the flag within one poll interval, after the batch in hand is finished.
    thread.join(SHUTDOWN_WAIT.toMillis());
    if (thread.isAlive()) {
      LOG.warn("delivery batch still running at shutdown; it will be delivered again after restart");
    }
    executor.shutdown();
  }

  private void run() {
    BatchDelivery batches = new BatchDelivery(delivery, publisher, executor);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
        KafkaClientConfigs.consumer(kafka, config.consumer().maxPollRecords()))) {
      consumer.subscribe(List.of(Topics.DELIVERY_RELAY));
      while (running) {
        try {
          ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
          if (records.isEmpty()) {
            continue;
          }
          if (batches.deliver(records)) {
            consumer.commitSync(nextOffsets(records));
          } else {
            rewind(consumer, records);
          }
        } catch (RuntimeException e) {
          // A failed commit (e.g. after a rebalance) or a broker problem: uncommitted records come
          // again; the loop must live on, or delivery would silently stop.
          LOG.errorf(e, "relay job consumer: %s", e.getMessage());
          pause();
        }
      }
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** Seeks back to the first record of the batch so that nothing after it is committed first. */
  private void rewind(KafkaConsumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
    pause();
  }

  private void pause() {
    try {
      Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
