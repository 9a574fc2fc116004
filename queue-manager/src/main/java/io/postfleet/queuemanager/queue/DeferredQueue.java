package io.postfleet.queuemanager.queue;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.stream.Collectors;

/** Writes deferred relay and pipe jobs into the deferred queue, inside the caller's transaction. */
@ApplicationScoped
public class DeferredQueue {
  private static final String INSERT = """
      insert into deferred_job (queue_id, sender, next_hop, recipients, attempts, queued_at, next_attempt_at,
                                last_error, job, delay_warn_at)
      values (?, ?, ?, ?, ?, ?, ?,
              coalesce((select detail from delivery_log where queue_id = ? and status = 'deferred'
                        order by attempted_at desc, id desc limit 1), ''), ?,
              case when exists (select 1 from delay_warning where queue_id = ?) then null else cast(? as timestamptz) end)
      on conflict (queue_id, next_hop, attempts) do nothing""";

  private final Backoff backoff;
  private final DelayWarningPolicy warnings;

  public DeferredQueue(QueueManagerConfig config) {
    this.backoff = new Backoff(config.queue().minimalBackoff(), config.queue().maximalBackoff());
    this.warnings = new DelayWarningPolicy(config.queue().delayWarningTime());
  }

  /**
   * Queues a job for its next attempt; the last deferral reason comes from the delivery log, and the
   * time of its delay warning is set unless its message was warned already.
   */
  public void defer(Connection c, RelayDeliveryJob job, Instant now) throws SQLException {
    insert(c, job, WireFormat.encode(job), now);
  }

  /** Queues a pipe delivery that local-delivery deferred; it comes back with its attempt count raised. */
  public void defer(Connection c, LocalDeliveryJob job, Instant now) throws SQLException {
    insert(c, PipeJobs.view(job), WireFormat.encode(job), now);
  }

  private void insert(Connection c, RelayDeliveryJob job, byte[] encoded, Instant now) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, job.queueId());
      insert.setString(2, job.mailFrom());
      insert.setString(3, job.nextHop());
      insert.setString(4, job.recipients().stream().map(RelayDeliveryJob.Recipient::address)
          .collect(Collectors.joining(",")));
      insert.setInt(5, job.attempts());
      insert.setTimestamp(6, Timestamp.from(job.queuedAt()));
      insert.setTimestamp(7, Timestamp.from(now.plus(backoff.after(job.attempts()))));
      insert.setString(8, job.queueId());
      insert.setBytes(9, encoded);
      insert.setString(10, job.queueId());
      Instant warnAt = warnings.warnAt(job);
      insert.setTimestamp(11, warnAt == null ? null : Timestamp.from(warnAt));
      insert.executeUpdate();
    }
  }
}
