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
 * expire as relay jobs do.
 */
@ApplicationScoped
public class RetryScheduler {
  private static final Logger LOG = Logger.getLogger(RetryScheduler.class);
  /** An arbitrary constant naming "the deferred queue scanner" among advisory locks. */
  private static final long SCANNER_LOCK = 0x706f737466L;
  private static final String DUE = """
      select id, job, last_error from deferred_job where not held and next_attempt_at <= now()
      order by next_attempt_at limit 200 for update skip locked""";

  private final AgroalDataSource dataSource;
  private final QueueManagerConfig config;
  private final Map<String, Object> kafka;
  private final Bounces bounces;
  private final DelayWarnings delayWarnings;
  private KafkaProducer<String, byte[]> producer;
  private ScheduledExecutorService scanner;

  public RetryScheduler(AgroalDataSource dataSource, QueueManagerConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafka, Bounces bounces, DelayWarnings delayWarnings) {
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
        List<Long> done = new ArrayList<>();
        List<Resent> resent = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        Instant now = Instant.now();
        try (PreparedStatement due = c.prepareStatement(DUE); ResultSet rs = due.executeQuery()) {
          while (rs.next()) {
            done.add(rs.getLong(1));
            byte[] value = rs.getBytes(2);
            if (WireFormat.isLocalJob(value)) {
              LocalDeliveryJob job = WireFormat.decodeLocalJob(value);
              if (job.piped() && expired(PipeJobs.view(job), now)) {
                sends.addAll(expire(PipeJobs.view(job), rs.getString(3), now));
                continue;
              }
              if (job.piped()) {
                LOG.infof("%s: retry %d to=<%s>, transport=pipe", job.queueId(), job.attempts() + 1, job.mailbox());
              } else {
                LOG.infof("%s: released to=<%s>, transport=local", job.queueId(), job.mailbox());
              }
              sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, job.mailbox(), value)));
              resent.add(new Resent(job.queueId(), List.of(job.mailbox())));
              continue;
            }
            RelayDeliveryJob job = WireFormat.decodeRelayJob(value);
            sends.addAll(release(job, rs.getString(3), now));
            if (!expired(job, now)) {
              resent.add(new Resent(job.queueId(),
                  job.recipients().stream().map(RelayDeliveryJob.Recipient::address).toList()));
            }
          }
        }
        delete(c, done);
        markInFlight(c, resent);
        sends.addAll(delayWarnings.warnDue(c, producer, now));
        DurableKafka.awaitAll(sends, config.queue().sendTimeout());
        c.commit();
        return done.size();
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
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
    LOG.infof("%s: retry %d to %s, %d recipients", job.queueId(), job.attempts() + 1, job.nextHop(), job.recipients().size());
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
              + job.attempts() + " attempts"), AttemptFacts.at("queue", 0), now);
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(), WireFormat.encode(expired))));
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
