package io.postfleet.queuemanager.results;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.queuemanager.bounce.Failure;
import io.postfleet.queuemanager.bounce.ReportedRecipient;
import io.postfleet.queuemanager.mailbox.MailboxUsageStore;
import io.postfleet.queuemanager.queue.DeferredQueue;
import io.postfleet.queuemanager.queue.QueuedMessages;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stores delivery outcomes in delivery_log; a replayed result is absorbed by the unique key. */
@ApplicationScoped
public class DeliveryLog {
  private static final String INSERT = """
      insert into delivery_log (queue_id, recipient, original_recipient, status, dsn, relay, detail,
                                stage, tls, elapsed_ms, attempted_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (queue_id, recipient, attempted_at) do nothing""";

  private static final String BY_MESSAGE = """
      select recipient, original_recipient, status, dsn, relay, detail, stage, tls, elapsed_ms, attempted_at
      from delivery_log where queue_id = ? order by attempted_at, id""";

  private static final String BOUNCES = """
      select recipient, original_recipient, dsn, detail, relay from delivery_log
      where queue_id = ? and status = 'bounced' order by attempted_at, id""";

  private static final String DELIVERIES = """
      select recipient, original_recipient, dsn, detail, relay from delivery_log
      where queue_id = ? and status = 'sent' order by attempted_at, id""";

  private final AgroalDataSource dataSource;
  private final DeferredQueue deferredQueue;
  private final QueuedMessages queued;
  /** The retry scheduler's clock: a job's next attempt is due by the time it compares with. */
  private final Clock clock;
  private final MailboxUsageStore usage;

  public DeliveryLog(AgroalDataSource dataSource, DeferredQueue deferredQueue, QueuedMessages queued, Clock clock,
      MailboxUsageStore usage) {
    this.clock = clock;
    this.dataSource = dataSource;
    this.deferredQueue = deferredQueue;
    this.queued = queued;
    this.usage = usage;
  }

  /**
   * Inserts the results, queues the deferred jobs (relay jobs, and the pipe deliveries local-delivery
   * deferred) and moves the recipients' states in the queue view and the mailboxes' usage in one
   * transaction; returns once it is committed. Results go first, so a deferred job finds
   * its reason in the log.
   */
  public void record(List<DeliveryResult> results, List<RelayDeliveryJob> deferred,
      List<LocalDeliveryJob> deferredPipes)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (DeliveryResult r : results) {
          insert.setString(1, r.queueId());
          insert.setString(2, r.recipient());
          insert.setString(3, r.originalRecipient());
          insert.setString(4, r.outcome().statusWord());
          insert.setString(5, r.outcome().dsnStatus());
          insert.setString(6, r.outcome().relay());
          insert.setString(7, r.outcome().detail());
          insert.setString(8, r.facts().stage());
          insert.setString(9, r.facts().tls());
          insert.setLong(10, r.facts().elapsedMillis());
          insert.setTimestamp(11, Timestamp.from(r.attemptedAt()));
          insert.addBatch();
        }
        insert.executeBatch();
        Instant now = clock.instant();
        for (RelayDeliveryJob job : deferred) {
          deferredQueue.defer(c, job, now);
        }
        for (LocalDeliveryJob job : deferredPipes) {
          deferredQueue.defer(c, job, now);
        }
        queued.recordResults(c, results);
        usage.record(c, results);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The latest bounce of each recipient of a message, as a notification reports it. */
  public Map<String, Failure> bouncesOf(String queueId) throws SQLException {
    Map<String, Failure> failures = new HashMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(BOUNCES)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String relay = rs.getString(5);
          boolean remote = relay.contains("[");
          failures.put(rs.getString(1), new Failure(rs.getString(1), rs.getString(2), rs.getString(3),
              remote ? relay : "", rs.getString(4)));
        }
      }
    }
    return failures;
  }

  /**
   * The latest delivery of each recipient of a message, by address, as a success notice reports it:
   * a Remote-MTA for a server, none for a mailbox.
   */
  public Map<String, ReportedRecipient> deliveriesOf(String queueId) throws SQLException {
    Map<String, ReportedRecipient> delivered = new HashMap<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(DELIVERIES)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String relay = rs.getString(5);
          delivered.put(rs.getString(1), new ReportedRecipient(rs.getString(1), rs.getString(2), rs.getString(3),
              relay.contains("[") ? relay : "", rs.getString(4)));
        }
      }
    }
    return delivered;
  }

  /** Every recorded attempt for one message, oldest first. */
  public List<DeliveryEntry> forMessage(String queueId) throws SQLException {
    List<DeliveryEntry> entries = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(BY_MESSAGE)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          entries.add(new DeliveryEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
              rs.getTimestamp(10).toInstant()));
        }
      }
    }
    return entries;
  }
}
