package io.postfleet.kafka;

import io.postfleet.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Polls one topic on its own thread and hands each batch to a handler; the batch's offsets are
 * committed only after the handler returned, i.e. after its work is durable, together with those of
 * the other batches of an interval ({@link DurableOffsets}), at once when the consumer is idle, and
 * before its partitions are revoked or it closes. A handler that throws
 * leaves the offsets where they were: the consumer seeks back and the batch is processed again after
 * a pause (at-least-once; every sink downstream is idempotent or, for remote SMTP, tolerates it as
 * any MTA's queue does). A handler that reports records done on the batch's {@link BatchProgress}
 * has them committed while the rest of the batch is still in work, so a crash repeats less. Nothing
 * stops the loop but {@link #close()}: a failed commit or a broker outage is logged and the
 * uncommitted records come again.
 *
 * <p>A record that always fails would block its partition forever. So when a batch fails for a
 * cause that is not transient ({@link TransientFailures}), its records are tried again one at a
 * time until the loop is past them, which finds the record at fault and lets the others through;
 * one that fails {@link RetryPolicy#maxAttempts()} times alone is set aside on the dead-letter
 * topic ({@link DeadLetters#setAside}) with its error, and the partition goes on. Postfix moves a
 * queue file it cannot process to {@code corrupt/} the same way. A transient failure (broker or
 * database down) is retried for as long as it lasts, never set aside. {@link #oldestUncommittedAge()}
 * says how long the oldest record fetched has been waiting for its commit, for metrics and readiness.
 */
public final class BatchConsumerLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);
  private static final Duration PROGRESS_COMMITS = Duration.ofMillis(100);
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
  private static final RetryPolicy RETRY_FOREVER = new RetryPolicy(Integer.MAX_VALUE, RETRY_PAUSE, RETRY_PAUSE);

  /** The work for one polled batch; returns when it is durable, throws when it is not. */
  public interface BatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
  }

  /** Like {@link BatchHandler}, but tells which records are durable before the whole batch is. */
  public interface ProgressingBatchHandler {
    void handle(List<ConsumerRecord<String, byte[]>> batch, BatchProgress progress) throws Exception;
  }

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final ProgressingBatchHandler handler;
  private final boolean reportsProgress;
  private final Thread thread;
  private final ExecutorService worker;
  private final DurableOffsets durable = new DurableOffsets(COMMIT_INTERVAL, System.nanoTime());
  /** Per owned partition, the first offset no consumer can have handled before ({@link #mayBeRepeat}). */
  private final Map<TopicPartition, Long> freshFrom = new ConcurrentHashMap<>();
  private final UncommittedRecords uncommitted = new UncommittedRecords();
  private final String group;
  /** Null: failures are retried forever (the dead-letter topic's own consumer has nowhere to set aside). */
  private final DeadLetters deadLetters;
  private final RetryPolicy retries;
  /** After a batch failed: per partition, the end of that batch, up to which records go one at a time. */
  private final Map<TopicPartition, Long> suspects = new HashMap<>();
  /** The record tried alone that failed last, and how often in a row. */
  private TopicPartition failingPartition;
  private long failingOffset = -1;
  private int failures;
  private volatile boolean running = true;

  /** A loop that retries a failing batch until it succeeds; only for what has no dead-letter topic. */
  public BatchConsumerLoop(KafkaConsumer<String, byte[]> consumer, String topic, BatchHandler handler) {
    this(consumer, topic, (batch, progress) -> handler.handle(batch), false, null, RETRY_FOREVER);
  }

  /** A loop that sets aside, through {@code deadLetters}, a record that keeps failing as {@code retries} says. */
  public BatchConsumerLoop(KafkaConsumer<String, byte[]> consumer, String topic, BatchHandler handler,
      DeadLetters deadLetters, RetryPolicy retries) {
    this(consumer, topic, (batch, progress) -> handler.handle(batch), false, deadLetters, retries);
  }

  public BatchConsumerLoop(KafkaConsumer<String, byte[]> consumer, String topic, ProgressingBatchHandler handler,
      DeadLetters deadLetters, RetryPolicy retries) {
    this(consumer, topic, handler, true, deadLetters, retries);
  }

  private BatchConsumerLoop(KafkaConsumer<String, byte[]> consumer, String topic, ProgressingBatchHandler handler,
      boolean reportsProgress, DeadLetters deadLetters, RetryPolicy retries) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.reportsProgress = reportsProgress;
    this.deadLetters = deadLetters;
    this.retries = retries;
    // Read here, before the loop's thread owns the consumer.
    this.group = consumer.groupMetadata().groupId();
    this.thread = new Thread(this::run, "consumer-" + topic);
    this.worker = reportsProgress ? Executors.newSingleThreadExecutor(r -> new Thread(r, "batch-" + topic)) : null;
  }

  public void start() {
    thread.start();
  }

  public String group() {
    return group;
  }

  public String topic() {
    return topic;
  }

  /** How long the oldest record fetched has been waiting for its commit; zero when none waits. */
  public Duration oldestUncommittedAge() {
    Long since = uncommitted.oldestSince();
    return since == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - since));
  }

  private void run() {
    try (consumer) {
      consumer.subscribe(List.of(topic), new CommitBeforeRevoke());
      while (running) {
        try {
          pollOnce();
        } catch (RuntimeException e) {
          LOG.errorf(e, "consumer of %s: %s; uncommitted records will come again", topic, e.toString());
          pause(RETRY_PAUSE);
        }
      }
      commit(durable.takeAll());
      uncommitted.forgetAll();
    }
  }

  /** Work done on a partition is committed before another consumer gets it, so it does not repeat it. */
  private final class CommitBeforeRevoke implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit(durable.take(partitions));
      forget(partitions);
    }

    /**
     * The previous owner (or this process before a crash) may have handled records past the committed
     * offset, but none past the end of the log as it is now.
     */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      try {
        freshFrom.putAll(consumer.endOffsets(partitions));
      } catch (RuntimeException e) {
        // Unknown: every record of these partitions counts as a possible repeat, the safe side.
        partitions.forEach(p -> freshFrom.put(p, Long.MAX_VALUE));
        LOG.warnf("consumer of %s: no end offsets at assignment (%s); treating its records as possible repeats",
            topic, e.toString());
      }
    }

    /** Another consumer may own them already: committing for them could move its offsets back. */
    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      durable.take(partitions);
      forget(partitions);
    }
  }

  private void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(freshFrom::remove);
    uncommitted.forget(partitions);
    partitions.forEach(suspects::remove);
    if (failingPartition != null && partitions.contains(failingPartition)) {
      failingPartition = null;
    }
  }

  /**
   * Whether this record may have been handled before: it was in the log when its partition was
   * assigned to this consumer (the previous owner or this process before a crash may have written it
   * without committing), or in a batch of this consumer that failed. A sink whose duplicate check is
   * costly (listing a Maildir's {@code cur/}) needs it only then; in steady state no record is.
   * Safe to call from the handler's threads.
   */
  public boolean mayBeRepeat(ConsumerRecord<?, ?> record) {
    Long fresh = freshFrom.get(new TopicPartition(record.topic(), record.partition()));
    return fresh == null || record.offset() < fresh;
  }

  /** A failed commit is not fatal: the records stay uncommitted and come again. */
  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
      uncommitted.committed(offsets);
    } catch (RuntimeException e) {
      LOG.warnf("consumer of %s: could not commit offsets: %s; their records will come again", topic, e.toString());
    }
  }

  private void pollOnce() {
    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
    if (records.isEmpty()) {
      commit(durable.due(System.nanoTime(), true));
      return;
    }
    long now = System.nanoTime();
    for (TopicPartition partition : records.partitions()) {
      uncommitted.fetched(partition, records.records(partition), now);
    }
    ConsumerRecord<String, byte[]> alone = suspect(records);
    if (alone != null) {
      handleAlone(records, alone);
      return;
    }
    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
    records.forEach(batch::add);
    BatchProgress progress = new BatchProgress(batch);
    try {
      handle(batch, progress);
    } catch (Exception e) {
      nextOffsets(records).forEach((partition, next) -> freshFrom.merge(partition, next.offset(), Math::max));
      boolean waits = TransientFailures.isTransient(e);
      LOG.warnf("batch of %d records from %s is not durable, will retry%s: %s", batch.size(), topic,
          waits ? "" : " its records one at a time", e.toString());
      if (!waits) {
        nextOffsets(records).forEach((partition, next) -> suspects.put(partition, next.offset()));
      }
      rewind(progress.resumePositions());
      pause(RETRY_PAUSE);
      return;
    }
    durable.durable(nextOffsets(records));
    commit(durable.due(System.nanoTime(), false));
  }

  private void handle(List<ConsumerRecord<String, byte[]>> batch, BatchProgress progress) throws Exception {
    if (reportsProgress) {
      handleCommittingProgress(batch, progress);
    } else {
      handler.handle(batch, progress);
    }
  }

  /** The first fetched record of a partition whose failed batch is not yet passed; null when there is none. */
  private ConsumerRecord<String, byte[]> suspect(ConsumerRecords<String, byte[]> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      Long end = suspects.get(partition);
      if (end != null && record.offset() < end) {
        return record;
      }
      suspects.remove(partition);
    }
    return null;
  }

  /**
   * Tries one record of a failed batch by itself; the others of the poll are fetched again. A
   * record that fails {@link RetryPolicy#maxAttempts()} times in a row, not transiently, is set
   * aside and counts as done.
   */
  private void handleAlone(ConsumerRecords<String, byte[]> records, ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Map<TopicPartition, Long> positions = new HashMap<>();
    records.partitions().forEach(p -> positions.put(p, records.records(p).get(0).offset()));
    try {
      handle(List.of(record), new BatchProgress(List.of(record)));
    } catch (Exception e) {
      if (TransientFailures.isTransient(e)) {
        LOG.warnf("record %s-%d@%d is not durable, will retry: %s", record.topic(), record.partition(),
            record.offset(), e.toString());
        rewind(positions);
        pause(RETRY_PAUSE);
        return;
      }
      int attempt = failedAgain(partition, record.offset());
      if (attempt < retries.maxAttempts() || deadLetters == null) {
        LOG.warnf(e, "record %s-%d@%d failed (attempt %d of %d), will retry: %s", record.topic(), record.partition(),
            record.offset(), attempt, retries.maxAttempts(), e.toString());
        rewind(positions);
        pause(retries.pauseAfter(attempt));
        return;
      }
      try {
        deadLetters.setAside(record, e);
      } catch (Exception notSetAside) {
        LOG.warnf("record %s-%d@%d could not be set aside, will retry: %s", record.topic(), record.partition(),
            record.offset(), notSetAside.toString());
        rewind(positions);
        pause(RETRY_PAUSE);
        return;
      }
      LOG.errorf(e, "record %s-%d@%d failed %d times and goes to %s: %s", record.topic(), record.partition(),
          record.offset(), attempt, Topics.DEAD_LETTERS, e.toString());
    }
    failingPartition = null;
    long next = record.offset() + 1;
    if (next >= suspects.getOrDefault(partition, 0L)) {
      suspects.remove(partition);
    }
    positions.put(partition, next);
    rewind(positions);
    durable.durable(Map.of(partition, new OffsetAndMetadata(next)));
    commit(durable.due(System.nanoTime(), false));
  }

  /** Counts a failure of this record alone; returns how many in a row. */
  private int failedAgain(TopicPartition partition, long offset) {
    if (!partition.equals(failingPartition) || offset != failingOffset) {
      failingPartition = partition;
      failingOffset = offset;
      failures = 0;
    }
    return ++failures;
  }

  /**
   * Runs the handler on the worker thread and meanwhile commits what it reports done: only the
   * consumer's own thread may use the consumer.
   */
  private void handleCommittingProgress(List<ConsumerRecord<String, byte[]>> batch, BatchProgress progress)
      throws Exception {
    Future<?> work = worker.submit(() -> {
      handler.handle(batch, progress);
      return null;
    });
    while (true) {
      try {
        work.get(PROGRESS_COMMITS.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillWorking) {
        commitProgress(progress);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
    }
  }

  private void commitProgress(BatchProgress progress) {
    Map<TopicPartition, OffsetAndMetadata> advanced = progress.advanced();
    if (advanced.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(advanced);
      uncommitted.committed(advanced);
      progress.committed(advanced);
      durable.committed(advanced.keySet());
    } catch (RuntimeException e) {
      // Not fatal: the records stay uncommitted and the end of the batch commits them or repeats them.
      LOG.warnf("consumer of %s: could not commit progress: %s", topic, e.toString());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> list = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
    }
    return offsets;
  }

  /** Seeks back to these positions (the first records not yet done), on the partitions this consumer still owns. */
  private void rewind(Map<TopicPartition, Long> positions) {
    Set<TopicPartition> owned = consumer.assignment();
    positions.forEach((partition, offset) -> {
      if (owned.contains(partition)) {
        consumer.seek(partition, offset);
      }
    });
  }

  private void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
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
    if (worker != null) {
      worker.shutdown();
    }
    if (thread.isAlive()) {
      LOG.warnf("a batch from %s is still in work at shutdown; it will be processed again after restart", topic);
    }
  }
}
