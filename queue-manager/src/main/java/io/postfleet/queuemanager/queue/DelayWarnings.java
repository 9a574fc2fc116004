package io.postfleet.queuemanager.queue;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.queuemanager.bounce.Bounces;
import io.postfleet.queuemanager.bounce.DsnKind;
import io.postfleet.queuemanager.bounce.ReportedRecipient;
import io.postfleet.queuemanager.bounce.StatusReport;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Postfix's delay warnings: a message deferred past its warning time gets one RFC 3464 report with
 * Action: delayed for its deferred recipients, together, to its sender. It runs inside the retry
 * scheduler's transaction and advisory lock, and the message is marked warned in that transaction,
 * so one pod warns once; a crash after Kafka acknowledged but before the commit warns again with
 * the same notification id, which local delivery stores once.
 */
@ApplicationScoped
public class DelayWarnings {
  private static final String DUE = """
      select d.queue_id, d.job from deferred_job d
      where d.delay_warn_at <= ? and not d.held
        and not exists (select 1 from delay_warning w where w.queue_id = d.queue_id)
      order by d.delay_warn_at, d.queue_id limit 500""";
  private static final String LAST_DEFERRALS = """
      select distinct on (recipient) recipient, dsn, relay, detail from delivery_log
      where queue_id = ? and status = 'deferred' order by recipient, attempted_at desc, id desc""";
  private static final String MARK = """
      insert into delay_warning (queue_id, queued_at, warned_at) values (?, ?, ?) on conflict do nothing""";
  private static final String SETTLED = "update deferred_job set delay_warn_at = null where queue_id = ?";
  /** A message is never in the queue past its lifetime; a day more covers a retry still in flight. */
  private static final String FORGET = "delete from delay_warning where queued_at < ?";

  private final Bounces bounces;
  private final DelayWarningPolicy policy;
  private final Duration lifetime;

  public DelayWarnings(QueueManagerConfig config, Bounces bounces) {
    this.bounces = bounces;
    this.policy = new DelayWarningPolicy(config.queue().delayWarningTime());
    this.lifetime = config.queue().maximalLifetime();
  }

  /** Sends the warnings that are due and marks their messages, in the caller's transaction. */
  List<Future<RecordMetadata>> warnDue(Connection c, KafkaProducer<String, byte[]> producer, Instant now)
      throws SQLException {
    Map<String, List<RelayDeliveryJob>> due = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(DUE)) {
      s.setTimestamp(1, Timestamp.from(now));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          due.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(PipeJobs.decode(rs.getBytes(2)));
        }
      }
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (List<RelayDeliveryJob> jobs : due.values()) {
      Future<RecordMetadata> sent = bounces.send(producer, report(c, jobs));
      if (sent != null) {
        sends.add(sent);
      }
      markWarned(c, jobs.get(0), now);
    }
    try (PreparedStatement s = c.prepareStatement(FORGET)) {
      s.setTimestamp(1, Timestamp.from(now.minus(lifetime).minus(Duration.ofDays(1))));
      s.executeUpdate();
    }
    return sends;
  }

  /** One report for every recipient of the message that is deferred and is to be warned. */
  private StatusReport report(Connection c, List<RelayDeliveryJob> jobs) throws SQLException {
    RelayDeliveryJob first = jobs.get(0);
    Map<String, ReportedRecipient> last = lastDeferrals(c, first.queueId());
    List<ReportedRecipient> recipients = new ArrayList<>();
    for (RelayDeliveryJob job : jobs) {
      for (RelayDeliveryJob.Recipient r : job.recipients()) {
        if (policy.wants(job, r)) {
          ReportedRecipient d = last.get(r.address());
          recipients.add(d == null
              ? new ReportedRecipient(r.address(), r.originalRecipient(), "4.0.0", "", "delivery temporarily suspended")
              : new ReportedRecipient(r.address(), r.originalRecipient(), d.status(), d.remoteMta(), d.diagnostic()));
        }
      }
    }
    return new StatusReport(DsnKind.DELAY, first.queueId(), first.mailFrom(), first.queuedAt(), first.options(),
        first.content(), recipients, first.queuedAt().plus(lifetime));
  }

  /** The latest deferral of each recipient, by address: its 4.x.x status, the server and its reply. */
  private static Map<String, ReportedRecipient> lastDeferrals(Connection c, String queueId) throws SQLException {
    Map<String, ReportedRecipient> last = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(LAST_DEFERRALS)) {
      s.setString(1, queueId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String relay = rs.getString(3);
          String status = rs.getString(2).startsWith("4.") ? rs.getString(2) : "4.0.0";
          last.put(rs.getString(1), new ReportedRecipient(rs.getString(1), rs.getString(1), status,
              relay.contains("[") ? relay : "", rs.getString(4)));
        }
      }
    }
    return last;
  }

  private static void markWarned(Connection c, RelayDeliveryJob job, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(MARK)) {
      s.setString(1, job.queueId());
      s.setTimestamp(2, Timestamp.from(job.queuedAt()));
      s.setTimestamp(3, Timestamp.from(now));
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement(SETTLED)) {
      s.setString(1, job.queueId());
      s.executeUpdate();
    }
  }
}
