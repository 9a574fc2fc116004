package io.postfleet.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Polls one topic on its own thread and hands each batch to a handler; the batch's offsets are
 * committed only after the handler returned, i.e. after its work is durable. A handler that throws
 * leaves the offsets where they were: the consumer seeks back and the batch is processed again after
 * a pause (at-least-once; every sink downstream is idempotent).
 */
public final class BatchConsumerLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  /** The work for one polled batch; returns when it is durable, throws when it is not. */
  public interface BatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final BatchHandler handler;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public BatchConsumerLoop(KafkaConsumer<String, byte[]> consumer, String topic, BatchHandler handler) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.thread = new Thread(this::run, "consumer-" + topic);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    consumer.subscribe(List.of(topic));
    try {
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          continue;
        }
        List<ConsumerRecord<String, byte[]>> batch = new java.util.ArrayList<>(records.count());
        records.forEach(batch::add);
        try {
          handler.handle(batch);
          consumer.commitSync();
        } catch (Exception e) {
          LOG.warnf("batch of %d records from %s not done, will retry: %s", batch.size(), topic, e.toString());
          rewind(records);
          Thread.sleep(RETRY_PAUSE.toMillis());
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // close() asked us to stop.
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (var partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
