package io.postfleet.kafka;

import io.postfleet.contract.DeadLetterHeaders;
import io.postfleet.contract.MalformedRecordException;
import io.postfleet.contract.NewerRecordVersionException;
import io.postfleet.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Reads a polled batch and sets aside what cannot be read: such a record goes, with its original key
 * and bytes, to {@link Topics#DEAD_LETTERS}, so that it never blocks the records behind it in its
 * partition and is never silently lost. A batch handler calls {@link #read} first; it returns only
 * once Kafka acknowledged every dead letter, and throws if it did not, so the batch is rewound and its
 * offsets are never committed past a record that is neither handled nor set aside.
 *
 * <p>A readable record its handler keeps failing on is set aside the same way, by
 * {@link BatchConsumerLoop}, through {@link #setAside}.
 *
 * <p>A record of a newer contract version ({@link NewerRecordVersionException}) is not unreadable
 * but early: it propagates and fails the batch, to wait for an upgraded pod.
 */
public final class DeadLetters {
  private static final Logger LOG = Logger.getLogger(DeadLetters.class);
  /** An error header is for a person reading a list, not for a whole stack trace. */
  private static final int MAX_ERROR_CHARS = 1000;
  /** Frames of the root cause in the error of a record that failed its handler. */
  private static final int STACK_FRAMES = 4;

  /** A record of the batch and what the reader made of it. */
  public record Decoded<T>(ConsumerRecord<String, byte[]> record, T value) {}

  private final Producer<String, byte[]> producer;
  private final String service;
  private final Duration sendTimeout;

  /**
   * @param producer a {@link DurableKafka#producer}: a dead letter counts only once every in-sync
   *     replica has it
   * @param service the consuming service, recorded with each dead letter
   */
  public DeadLetters(Producer<String, byte[]> producer, String service, Duration sendTimeout) {
    this.producer = producer;
    this.service = service;
    this.sendTimeout = sendTimeout;
  }

  /**
   * Decodes every record with {@code reader}; those it rejects as {@link MalformedRecordException}
   * are sent to the dead-letter topic. Returns the readable ones, in batch order, after Kafka
   * acknowledged every dead letter; throws when a dead letter could not be written.
   */
  public <T> List<Decoded<T>> read(List<ConsumerRecord<String, byte[]>> batch, Function<byte[], T> reader)
      throws Exception {
    List<Decoded<T>> readable = new ArrayList<>(batch.size());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : batch) {
      try {
        readable.add(new Decoded<>(record, reader.apply(record.value())));
      } catch (MalformedRecordException e) {
        LOG.errorf("unreadable record %s-%d@%d goes to %s: %s", record.topic(), record.partition(), record.offset(),
            Topics.DEAD_LETTERS, e.getMessage());
        sends.add(producer.send(deadLetter(record, e.getMessage())));
      }
    }
    DurableKafka.awaitAll(sends, sendTimeout);
    return readable;
  }

  /**
   * Sets aside a record its handler failed on too often ({@link BatchConsumerLoop} with a
   * {@link RetryPolicy}), with the failure and where it arose; returns once Kafka acknowledged it.
   */
  public void setAside(ConsumerRecord<String, byte[]> record, Throwable failure) throws Exception {
    DurableKafka.awaitAll(List.of(producer.send(deadLetter(record, summary(failure)))), sendTimeout);
  }

  /**
   * The chain of causes, each with its message, and the frames nearest to where the root cause was
   * thrown: enough to find the bug, short enough for the error column of a list.
   */
  public static String summary(Throwable failure) {
    StringBuilder out = new StringBuilder();
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      out.append(out.length() == 0 ? "" : "; caused by ").append(t);
      root = t;
    }
    StackTraceElement[] frames = root.getStackTrace();
    for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
      out.append(i == 0 ? " at " : " < ").append(frames[i]);
    }
    return shorten(out.toString());
  }

  private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<String, byte[]> record, String error) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, DeadLetterHeaders.SOURCE_TOPIC, record.topic());
    header(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(record.partition()));
    header(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(record.offset()));
    header(headers, DeadLetterHeaders.SERVICE, service);
    header(headers, DeadLetterHeaders.ERROR, shorten(error));
    header(headers, DeadLetterHeaders.FAILED_AT, Instant.now().toString());
    // Same key, so the dead letters of one key stay in order on the dead-letter topic too.
    return new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(), record.value(), headers);
  }

  private static String shorten(String error) {
    String text = error == null ? "unreadable record" : error.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
