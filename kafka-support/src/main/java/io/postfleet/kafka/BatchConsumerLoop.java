package io.postfleet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Polls one topic on its own thread and hands each batch to a handler; the batch's offsets are
 * committed only after the handler returned, i.e. after its work is durable. A handler that throws
 * leaves the offsets where they were: the consumer seeks back and the batch is processed again after
 * a pause (at-least-once; every sink downstream is idempotent or, for remote SMTP, tolerates it as
 * any MTA's queue does). Nothing stops the loop but {@link #close()}: a failed commit or a broker
 * outage is logged and the uncommitted records come again.
 */
public final class BatchConsumerLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  /** The work for one polled batch; returns when it is durable, throws when it is not. */
  public interface BatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final BatchHandler handler;
  private final Thread thread;
  private volatile boolean running = true;

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
    try (consumer) {
      consumer.subscribe(List.of(topic));
      while (running) {
        try {
          pollOnce();
        } catch (RuntimeException e) {
          LOG.errorf("consumer of %s: %s; uncommitted records will come again", topic, e.toString());
          pause();
        }
      }
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
    if (records.isEmpty()) {
      return;
    }
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
    records.forEach(batch::add);
    try {
      handler.handle(batch);
    } catch (Exception e) {
      LOG.warnf("batch of %d records from %s is not durable, will retry: %s", batch.size(), topic, e.toString());
      rewind(records);
      pause();
      return;
    }
    consumer.commitSync(nextOffsets(records));
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** Seeks back to the batch's first records, on the partitions this consumer still owns. */
  private void rewind(ConsumerRecords<String, byte[]> records) {
    Set<TopicPartition> owned = consumer.assignment();
    for (TopicPartition partition : records.partitions()) {
      if (owned.contains(partition)) {
        consumer.seek(partition, records.records(partition).get(0).offset());
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Lets the batch in hand finish and commit, then closes the consumer. No {@code wakeup()}: it
   * could break the commit of a batch that is already durable; the loop sees the flag within one poll.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(SHUTDOWN_WAIT.toMillis());
    if (thread.isAlive()) {
      LOG.warnf("a batch from %s is still in work at shutdown; it will be processed again after restart", topic);
    }
  }
}
