package io.postfleet.queuemanager.deadletter;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.DeadLetterHeaders;
import io.postfleet.contract.Topics;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.postfleet.queuemanager.health.ConsumersReadiness;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Consumes {@link Topics#DEAD_LETTERS} into the dead_letter table; offsets move only after the insert
 * committed. A dead letter without the headers of {@link DeadLetterHeaders} (written by hand, by a
 * tool) is kept too, under its own place on the dead-letter topic, so nothing there blocks or is lost.
 */
@ApplicationScoped
public class DeadLetterRecorder {
  private static final Logger LOG = Logger.getLogger(DeadLetterRecorder.class);
  private static final String INSERT = """
      insert into dead_letter (source_topic, source_partition, source_offset, service, error, record_key,
                               size, payload, failed_at, received_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (source_topic, source_partition, source_offset) do nothing""";

  private final Map<String, Object> kafka;
  private final QueueManagerConfig config;
  private final AgroalDataSource dataSource;
  private final ConsumersReadiness consumers;
  private BatchConsumerLoop loop;

  public DeadLetterRecorder(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      QueueManagerConfig config, AgroalDataSource dataSource, ConsumersReadiness consumers) {
    this.consumers = consumers;
    this.kafka = kafka;
    this.config = config;
    this.dataSource = dataSource;
  }

  /**
   * Retries a failing insert without end: a dead letter has nowhere further to be set aside, and
   * what it may hold that PostgreSQL refuses (NUL in text) is cleaned on the way in.
   */
  void start(@Observes StartupEvent event) {
    loop = new BatchConsumerLoop(
        DurableKafka.consumer(kafka, "queue-manager-dead-letters", config.queue().maxPollRecords()),
        Topics.DEAD_LETTERS, this::record);
    consumers.watch(loop);
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.close();
  }

  private void record(List<ConsumerRecord<String, byte[]>> batch) throws SQLException {
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (ConsumerRecord<String, byte[]> record : batch) {
          Origin origin = Origin.of(record);
          byte[] value = record.value() == null ? new byte[0] : record.value();
          insert.setString(1, text(origin.topic()));
          insert.setInt(2, origin.partition());
          insert.setLong(3, origin.offset());
          insert.setString(4, text(origin.service()));
          insert.setString(5, text(origin.error()));
          insert.setString(6, text(record.key()));
          insert.setInt(7, value.length);
          insert.setBytes(8, value);
          insert.setTimestamp(9, Timestamp.from(origin.failedAt()));
          insert.setTimestamp(10, now);
          insert.addBatch();
          LOG.warnf("dead letter from %s-%d@%d (%s, key %s): %s", origin.topic(), origin.partition(),
              origin.offset(), origin.service(), record.key(), origin.error());
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** PostgreSQL text cannot hold NUL, and a garbage key may; one such row must not stop the topic. */
  private static String text(String s) {
    return s == null ? null : s.replace('\u0000', '\uFFFD');
  }

  /** Where a dead letter came from and why, from its headers. */
  record Origin(String topic, int partition, long offset, String service, String error, Instant failedAt) {
    static Origin of(ConsumerRecord<String, byte[]> record) {
      String topic = header(record, DeadLetterHeaders.SOURCE_TOPIC);
      String partition = header(record, DeadLetterHeaders.SOURCE_PARTITION);
      String offset = header(record, DeadLetterHeaders.SOURCE_OFFSET);
      Instant written = Instant.ofEpochMilli(record.timestamp());
      try {
        if (topic != null && partition != null && offset != null) {
          String failedAt = header(record, DeadLetterHeaders.FAILED_AT);
          return new Origin(topic, Integer.parseInt(partition), Long.parseLong(offset),
              orElse(header(record, DeadLetterHeaders.SERVICE), "unknown"),
              orElse(header(record, DeadLetterHeaders.ERROR), ""),
              failedAt == null ? written : Instant.parse(failedAt));
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        // Falls through: the headers are there but unreadable, like their absence.
      }
      return new Origin(record.topic(), record.partition(), record.offset(), "unknown",
          "no readable dead-letter headers", written);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
      Header h = record.headers().lastHeader(name);
      return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String orElse(String value, String fallback) {
      return value == null ? fallback : value;
    }
  }
}
