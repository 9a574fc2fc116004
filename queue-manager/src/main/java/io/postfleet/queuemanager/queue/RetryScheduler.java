package io.postfleet.queuemanager.queue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.kafka.TransientFailures;
import io.postfleet.queuemanager.bounce.Bounces;
import io.postfleet.queuemanager.bounce.Failure;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Postfix's qmgr scanning the deferred queue: jobs that are due go back to postfleet.delivery.relay,
 * jobs older than the maximal lifetime are bounced. One transaction per scan holds a PostgreSQL
 * advisory lock, so with several queue-manager pods one scans at a time, and SKIP LOCKED keeps a
 * row from being taken twice. Rows are deleted in the same transaction, committed after Kafka
 * acknowledged what replaced them: a crash in between sends a job twice, never zero times. Delay
 * warnings are sent in the same pass and transaction. Mail from the null sender (bounces) has its
 * own lifetime (Postfix's bounce_queue_lifetime). Released local jobs (held with their quarantined
 * message, see {@link QuarantinedJobs}) go to postfleet.delivery.local; they never expire here, as
 * they were never tried: local-delivery retries its own. Deferred pipe deliveries go there too, and
 * expire as relay jobs do. A row the scan fails on for a cause of its own is left for later and,
 * failing again, set aside ({@link FailedRows}): one bad row must not fail every scan; a transient
 * cause (Kafka, PostgreSQL) fails the scan, to be retried whole.
 */
@ApplicationScoped
public class RetryScheduler {
  private static final Logger LOG = Logger.getLogger(RetryScheduler.class);
  /** An arbitrary constant naming "the deferred queue scanner" among advisory locks. */
  private static final long SCANNER_LOCK = 0x706f737466L;
  private static final String DUE = """
      select id, job, last_error, scan_failures from deferred_job where not held and next_attempt_at <= ?
      order by next_attempt_at limit 200 for update skip locked""";

  private final AgroalDataSource dataSource;
  private final QueueManagerConfig config;
  private final Map<String, Object> kafka;
  private final Bounces bounces;
  private final DelayWarnings delayWarnings;
  private final Clock clock;
  private final FailedRows failedRows;
  private KafkaProducer<String, byte[]> producer;
  private ScheduledExecutorService scanner;

  public RetryScheduler(AgroalDataSource dataSource, QueueManagerConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafka, Bounces bounces, DelayWarnings delayWarnings,
      Clock clock) {
    this.clock = clock;
    this.failedRows = new FailedRows(QueueManagerConfig.Consumers.retries(config.consumers()));
    this.bounces = bounces;
    this.delayWarnings = delayWarnings;
    this.dataSource = dataSource;
    this.config = config;
    this.kafka = kafka;
  }

  void start(@Observes StartupEvent event) {
    producer = DurableKafka.producer(kafka, "queue-manager-retries", config.queue().sendTimeout());
    scanner = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "deferred-queue-scan"));
    long millis = config.queue().schedulerInterval().toMillis();
    scanner.scheduleWithFixedDelay(this::scanQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    scanner.shutdown();
    scanner.awaitTermination(10, TimeUnit.SECONDS);
    producer.close();
  }

  private void scanQuietly() {
    try {
      scan();
    } catch (Exception e) {
      LOG.warnf("deferred queue scan failed, will retry: %s", e.toString());
    }
  }

  /** One scan; returns how many jobs it sent or bounced. */
  int scan() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!lock(c)) {
          c.rollback();
          return 0;
        }
        Instant now = clock.instant();
        List<Long> done = new ArrayList<>();
        List<Resent> resent = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (DueRow row : due(c, now)) {
          try {
            sends.addAll(release(row, now, resent));
            done.add(row.id());
          } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
              throw e;
            }
            failedRows.failed(c, row.id(), row.failures() + 1, e, now);
          }
        }
        delete(c, done);
        markInFlight(c, resent);
        sends.addAll(warnDue(c, now));
        DurableKafka.awaitAll(sends, config.queue().sendTimeout());
        c.commit();
        return done.size();
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** A due row of the deferred queue, as the scan reads it. */
  private record DueRow(long id, byte[] job, String lastError, int failures) {}

  private static List<DueRow> due(Connection c, Instant now) throws SQLException {
    List<DueRow> rows = new ArrayList<>();
    try (PreparedStatement due = c.prepareStatement(DUE)) {
      due.setTimestamp(1, Timestamp.from(now));
      try (ResultSet rs = due.executeQuery()) {
        while (rs.next()) {
          rows.add(new DueRow(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getInt(4)));
        }
      }
    }
    return rows;
  }

  /** Sends the row's job on (or bounces it, expired); the recipients it sends again go to {@code resent}. */
  private List<Future<RecordMetadata>> release(DueRow row, Instant now, List<Resent> resent) {
    if (WireFormat.isLocalJob(row.job())) {
      LocalDeliveryJob job = WireFormat.decodeLocalJob(row.job());
      if (job.piped() && expired(PipeJobs.view(job), now)) {
        return expire(PipeJobs.view(job), row.lastError(), now);
      }
      if (job.piped()) {
        LOG.infof("%s: retry %d to=<%s>, transport=pipe", job.queueId(), job.attempts() + 1, job.mailbox());
      } else {
        LOG.infof("%s: released to=<%s>, transport=local", job.queueId(), job.mailbox());
      }
      resent.add(new Resent(job.queueId(), List.of(job.mailbox())));
      return List.of(producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, job.mailbox(), row.job())));
    }
    RelayDeliveryJob job = WireFormat.decodeRelayJob(row.job());
    List<Future<RecordMetadata>> sends = release(job, row.lastError(), now);
    if (!expired(job, now)) {
      resent
          .add(new Resent(job.queueId(), job.recipients().stream().map(RelayDeliveryJob.Recipient::address).toList()));
    }
    return sends;
  }

  /**
   * The delay warnings of this scan, under a savepoint: a warning that fails for a cause of its own
   * is logged and tried at the next scan, and never stops the retries of this one.
   */
  private List<Future<RecordMetadata>> warnDue(Connection c, Instant now) throws SQLException {
    Savepoint before = c.setSavepoint();
    try {
      return delayWarnings.warnDue(c, producer, now);
    } catch (SQLException | RuntimeException e) {
      if (TransientFailures.isTransient(e)) {
        throw e;
      }
      LOG.errorf(e, "delay warnings failed, will try at the next scan: %s", e.toString());
      c.rollback(before);
      return List.of();
    }
  }

  private boolean expired(RelayDeliveryJob job, Instant now) {
    Duration lifetime = job.mailFrom().isEmpty() ? config.queue().bounceLifetime() : config.queue().maximalLifetime();
    return job.queuedAt().plus(lifetime).isBefore(now);
  }

  private List<Future<RecordMetadata>> release(RelayDeliveryJob job, String lastError, Instant now) {
    if (expired(job, now)) {
      return expire(job, lastError, now);
    }
    LOG.infof("%s: retry %d to %s, %d recipients", job.queueId(), job.attempts() + 1, job.nextHop(),
        job.recipients().size());
    return List.of(producer.send(new ProducerRecord<>(Topics.DELIVERY_RELAY, job.nextHop(), WireFormat.encode(job))));
  }

  /** Bounces every recipient of a job that has been in the queue longer than its lifetime. */
  private List<Future<RecordMetadata>> expire(RelayDeliveryJob job, String lastError, Instant now) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (RelayDeliveryJob.Recipient r : job.recipients()) {
      LOG.infof("%s: to=<%s>, relay=none, dsn=5.4.7, status=expired, returned to sender", job.queueId(), r.address());
      DeliveryResult expired = new DeliveryResult(job.queueId(), r.address(), r.originalRecipient(),
          new DeliveryOutcome.Bounced("5.4.7", "none", "message expired in the deferred queue after "
              + job.attempts() + " attempts"),
          AttemptFacts.at("queue", 0), now);
      sends
          .add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(), WireFormat.encode(expired))));
      failures.add(new Failure(r.address(), r.originalRecipient(), "5.4.7", "",
          "delivery time expired" + (lastError.isEmpty() ? "" : "; last error: " + lastError)));
    }
    Future<RecordMetadata> dsn = bounces.returnToSender(producer, job, failures);
    if (dsn != null) {
      sends.add(dsn);
    }
    return sends;
  }

  /** The recipients of a job sent again, to be shown in flight. */
  private record Resent(String queueId, List<String> recipients) {}

  private static boolean lock(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
      s.setLong(1, SCANNER_LOCK);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /**
   * The resent recipients are in the relay's hands again: Postfix's active queue. Their rows stay
   * locked until this transaction commits, so a result of the new attempt is recorded after it.
   */
  private static void markInFlight(Connection c, List<Resent> jobs) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("""
        update queued_recipient set state = 'IN_FLIGHT'
        where queue_id = ? and recipient = any(?) and state = 'DEFERRED'""")) {
      for (Resent job : jobs) {
        s.setString(1, job.queueId());
        s.setArray(2, c.createArrayOf("varchar", job.recipients().toArray(String[]::new)));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static void delete(Connection c, List<Long> ids) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("delete from deferred_job where id = ?")) {
      for (Long id : ids) {
        s.setLong(1, id);
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
