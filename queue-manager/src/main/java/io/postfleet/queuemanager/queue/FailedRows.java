package io.postfleet.queuemanager.queue;

import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.RetryPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * A deferred-queue row the retry scan failed on, not transiently (its job unreadable, a bug its
 * content triggers): tried again after a growing pause and, after {@link RetryPolicy#maxAttempts()}
 * failures, moved to dead_letter with its error, where /api/v1/queue/dead-letters and the queue
 * summary show it, as Postfix moves a queue file it cannot process to {@code corrupt/}. Written in
 * the scan's transaction.
 */
final class FailedRows {
  private static final Logger LOG = Logger.getLogger(FailedRows.class);
  /** The source a dead letter from the deferred queue names: the table, with the row id as offset. */
  static final String SOURCE = "deferred_job";
  private static final String AGAIN = """
      update deferred_job set scan_failures = ?, last_scan_failure = ?, next_attempt_at = ? where id = ?""";
  private static final String SET_ASIDE = """
      insert into dead_letter (source_topic, source_partition, source_offset, service, error, record_key, size,
                               payload, failed_at, received_at)
      select ?, 0, id, 'queue-manager', ?, queue_id, length(job), job, ?, ? from deferred_job where id = ?
      on conflict (source_topic, source_partition, source_offset) do nothing""";

  private final RetryPolicy retries;

  FailedRows(RetryPolicy retries) {
    this.retries = retries;
  }

  void failed(Connection c, long id, int failures, Exception error, Instant now) throws SQLException {
    String summary = DeadLetters.summary(error);
    if (failures < retries.maxAttempts()) {
      LOG.warnf(error, "deferred job %d failed (attempt %d of %d), will retry: %s", id, failures,
          retries.maxAttempts(), error.toString());
      try (PreparedStatement again = c.prepareStatement(AGAIN)) {
        again.setInt(1, failures);
        again.setString(2, summary);
        again.setTimestamp(3, Timestamp.from(now.plus(retries.pauseAfter(failures))));
        again.setLong(4, id);
        again.executeUpdate();
      }
      return;
    }
    LOG.errorf(error, "deferred job %d failed %d times and goes to the dead letters: %s", id, failures,
        error.toString());
    try (PreparedStatement aside = c.prepareStatement(SET_ASIDE);
        PreparedStatement delete = c.prepareStatement("delete from deferred_job where id = ?")) {
      aside.setString(1, SOURCE);
      aside.setString(2, summary);
      aside.setTimestamp(3, Timestamp.from(now));
      aside.setTimestamp(4, Timestamp.from(now));
      aside.setLong(5, id);
      aside.executeUpdate();
      delete.setLong(1, id);
      delete.executeUpdate();
    }
  }
}
