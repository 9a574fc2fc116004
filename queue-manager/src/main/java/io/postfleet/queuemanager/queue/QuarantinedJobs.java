package io.postfleet.queuemanager.queue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Puts the jobs of quarantined messages into the deferred queue as held jobs, Postfix's hold queue
 * (postsuper -h): nothing is delivered until an admin releases them ({@code POST
 * /api/v1/queue/{id}/release}, after which the scanner sends them at once, local jobs to
 * local-delivery and relay jobs to outbound-relay) or deletes them. Local jobs are held one per
 * mailbox, under the next hop {@code local:} and the mailbox, as the replay key (queue id, next hop,
 * attempts) tells them apart. The router calls this after recording the messages and before
 * committing their offsets; a replay hits that key and changes nothing.
 */
@ApplicationScoped
public class QuarantinedJobs {
  /** What the next hop of a held local job starts with; the mailbox follows. */
  public static final String LOCAL = "local:";

  private static final String INSERT = """
      insert into deferred_job (queue_id, sender, next_hop, recipients, attempts, queued_at, next_attempt_at,
                                last_error, held, job)
      values (?, ?, ?, ?, 0, ?, ?, ?, true, ?)
      on conflict (queue_id, next_hop, attempts) do nothing""";

  /** The jobs of one quarantined message and why it is quarantined. */
  public record Held(String reason, List<LocalDeliveryJob> localJobs, List<RelayDeliveryJob> relayJobs) {}

  private final AgroalDataSource dataSource;

  public QuarantinedJobs(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Holds every job of the batch in one transaction; due at once, so a release delivers at once. */
  public void hold(List<Held> batch, Instant now) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (Held held : batch) {
          for (LocalDeliveryJob job : held.localJobs()) {
            add(insert, job.queueId(), job.mailFrom(), LOCAL + job.mailbox(), job.mailbox(), job.queuedAt(), now,
                held.reason(),
                WireFormat.encode(job));
          }
          for (RelayDeliveryJob job : held.relayJobs()) {
            add(insert, job.queueId(), job.mailFrom(), job.nextHop(), job.recipients().stream()
                .map(RelayDeliveryJob.Recipient::address).collect(Collectors.joining(",")), job.queuedAt(), now,
                held.reason(), WireFormat.encode(job));
          }
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void add(PreparedStatement insert, String queueId, String sender, String nextHop, String recipients,
      Instant queuedAt, Instant now, String reason, byte[] job) throws SQLException {
    insert.setString(1, queueId);
    insert.setString(2, sender);
    insert.setString(3, nextHop);
    insert.setString(4, recipients);
    insert.setTimestamp(5, Timestamp.from(queuedAt));
    insert.setTimestamp(6, Timestamp.from(now));
    insert.setString(7, reason);
    insert.setBytes(8, job);
    insert.addBatch();
  }
}
