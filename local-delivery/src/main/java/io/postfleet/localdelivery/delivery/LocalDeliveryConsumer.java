package io.postfleet.localdelivery.delivery;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.localdelivery.config.LocalDeliveryConfig;
import io.postfleet.localdelivery.health.ConsumersReadiness;
import io.postfleet.localdelivery.mailbox.MailboxFullException;
import io.postfleet.localdelivery.mailbox.MailboxWriter;
import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import io.postfleet.localdelivery.maildir.MaildirWriter;
import io.postfleet.localdelivery.mbox.MboxWriter;
import io.postfleet.localdelivery.pipe.PipeDelivery;
import io.postfleet.localdelivery.quota.MailboxQuota;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Consumes postfleet.delivery.local in batches: writes every job's file in parallel (fsyncs overlap),
 * fsyncs each touched {@code new/} directory once, publishes the results, and only then lets the
 * batch's offsets be committed. A failed write fails the whole batch, which is retried; jobs already
 * written are found again by name and not duplicated. A job for a PIPE transport runs its command
 * instead ({@link PipeDelivery}); one that is deferred goes back to queue-manager's deferred queue.
 */
@ApplicationScoped
public class LocalDeliveryConsumer {
  private static final Logger LOG = Logger.getLogger(LocalDeliveryConsumer.class);
  private static final String RELAY = "local";

  private final Map<String, Object> kafka;
  private final LocalDeliveryConfig config;
  private final Map<MailboxFormat, MailboxWriter> mailboxes;
  private final MailboxQuota quota;
  private final PipeDelivery pipe;
  private final ConsumersReadiness consumers;
  private ExecutorService writers;
  private KafkaProducer<String, byte[]> producer;
  private DeadLetters deadLetters;
  private BatchConsumerLoop loop;

  public LocalDeliveryConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      LocalDeliveryConfig config, ConsumersReadiness consumers) {
    this.consumers = consumers;
    this.kafka = kafka;
    this.config = config;
    Path root = config.maildir().root().toAbsolutePath();
    this.mailboxes = Map.of(MailboxFormat.MAILDIR, new MaildirWriter(root), MailboxFormat.MBOX, new MboxWriter(root,
        new MboxWriter.Locking(config.mbox().lockAttempts(), config.mbox().lockDelay(), config.mbox().staleLockTime()),
        Clock.systemUTC()));
    this.quota = new MailboxQuota(root);
    this.pipe = new PipeDelivery(config.pipe());
  }

  void start(@Observes StartupEvent event) {
    writers = Executors.newFixedThreadPool(config.delivery().writerThreads());
    producer = DurableKafka.producer(kafka, "local-delivery", config.delivery().sendTimeout());
    deadLetters = new DeadLetters(producer, "local-delivery", config.delivery().sendTimeout());
    // A pipe command may run for its whole time limit: the poll interval must outlast it.
    Map<String, Object> consumerSettings = PipeDelivery.pollInterval(kafka, config.pipe());
    loop = new BatchConsumerLoop(
        DurableKafka.consumer(consumerSettings, "local-delivery", config.delivery().maxPollRecords()),
        Topics.DELIVERY_LOCAL, this::deliver, deadLetters,
        LocalDeliveryConfig.Consumers.retries(config.consumers()));
    consumers.watch(loop);
    loop.start();
    LOG.infof("delivering into mailboxes (Maildir or mbox) under %s", config.maildir().root().toAbsolutePath());
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.close();
    writers.shutdown();
    producer.close();
  }

  /** One job's outcome, the directory to fsync when a file was linked, and the mailbox's usage after it. */
  record Attempt(LocalDeliveryJob job, DeliveryOutcome outcome, Path directory, MailboxUsage usage) {
    Attempt(LocalDeliveryJob job, DeliveryOutcome outcome, Path directory) {
      this(job, outcome, directory, MailboxUsage.UNKNOWN);
    }
  }

  private void deliver(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
    long started = System.nanoTime();
    List<Future<Attempt>> attempts = new ArrayList<>(batch.size());
    for (DeadLetters.Decoded<LocalDeliveryJob> decoded : deadLetters.read(batch, WireFormat::decodeLocalJob)) {
      LocalDeliveryJob job = decoded.value();
      boolean mayBeRepeat = loop.mayBeRepeat(decoded.record());
      attempts.add(writers.submit(() -> attempt(job, mayBeRepeat)));
    }
    List<Attempt> done = new ArrayList<>(attempts.size());
    Set<Path> directories = new LinkedHashSet<>();
    for (Future<Attempt> attempt : attempts) {
      Attempt a = attempt.get();
      done.add(a);
      if (a.directory() != null) {
        directories.add(a.directory());
      }
    }
    for (Path directory : directories) {
      MaildirWriter.syncDirectory(directory);
    }
    report(done, started);
  }

  private Attempt attempt(LocalDeliveryJob job, boolean mayBeRepeat)
      throws java.io.IOException, InterruptedException {
    Duration benchDelay = config.delivery().benchDelay();
    if (!benchDelay.isZero()) {
      Thread.sleep(benchDelay.toMillis());
    }
    if (job.piped()) {
      return new Attempt(job, pipe.deliver(job), null);
    }
    // A Maildir's quota is counted the Maildir++ way (maildirsize); an mbox's by its size, in MboxWriter.
    return attempt(job, mailboxes.get(job.format()), job.format() == MailboxFormat.MAILDIR ? quota : null,
        mayBeRepeat);
  }

  /**
   * An I/O error (disk full, volume gone) or an unexpected exception propagates and fails the batch,
   * to be retried as Postfix defers; only a job that can never be written
   * ({@link UndeliverableMailboxException}: an address no path can hold) bounces.
   */
  static Attempt attempt(LocalDeliveryJob job, MailboxWriter writer, MailboxQuota quota, boolean mayBeRepeat)
      throws java.io.IOException {
    if (ForwardingLoop.detected(job)) {
      return new Attempt(job, new DeliveryOutcome.Bounced("5.4.6", RELAY, ForwardingLoop.detail(job)), null);
    }
    if (quota != null && job.quotaBytes() > 0) {
      return attemptWithinQuota(job, (MaildirWriter) writer, quota, mayBeRepeat);
    }
    try {
      MailboxWriter.Written w = writer.write(job, mayBeRepeat);
      String kind = job.format() == MailboxFormat.MBOX ? "mailbox " : "maildir ";
      String detail = (w.created() ? "delivered to " : "already in ") + kind + w.file().getFileName();
      // An mbox with a quota is measured by its file's size; it counts no messages.
      MailboxUsage usage = job.format() == MailboxFormat.MBOX && job.quotaBytes() > 0
          ? new MailboxUsage(java.nio.file.Files.size(w.file()), -1)
          : MailboxUsage.UNKNOWN;
      return new Attempt(job, new DeliveryOutcome.Delivered("2.0.0", RELAY, detail), w.directoryToSync(), usage);
    } catch (MailboxFullException e) {
      // Postfix's local(8) bounces a message that would pass mailbox_size_limit: 5.2.2 (RFC 3463).
      return new Attempt(job, new DeliveryOutcome.Bounced("5.2.2", RELAY, e.getMessage()), null, e.usage());
    } catch (UndeliverableMailboxException e) {
      return new Attempt(job, new DeliveryOutcome.Bounced("5.3.5", RELAY, e.getMessage()), null);
    } catch (RuntimeException e) {
      throw unexpected(job, e);
    }
  }

  /** A Maildir delivery under its mailbox's Maildir++ quota ({@code maildirsize}). */
  private static Attempt attemptWithinQuota(LocalDeliveryJob job, MaildirWriter writer, MailboxQuota quota,
      boolean mayBeRepeat) throws java.io.IOException {
    try (MailboxQuota.Account account = quota.open(job)) {
      long size = job.content().length;
      if (account.wouldExceed(size) && !writer.holds(job)) {
        // Postfix virtual(8) and Dovecot's LDA bounce a message for a full mailbox: 5.2.2 (RFC 3463).
        return new Attempt(job, new DeliveryOutcome.Bounced("5.2.2", RELAY, account.fullDetail(size)), null,
            account.usage());
      }
      MailboxWriter.Written w = writer.write(job, mayBeRepeat);
      if (w.created()) {
        account.added(w.file());
      }
      String detail = (w.created() ? "delivered to maildir " : "already in maildir ") + w.file().getFileName();
      return new Attempt(job, new DeliveryOutcome.Delivered("2.0.0", RELAY, detail), w.directoryToSync(),
          account.usage());
    } catch (UndeliverableMailboxException e) {
      return new Attempt(job, new DeliveryOutcome.Bounced("5.3.5", RELAY, e.getMessage()), null);
    } catch (RuntimeException e) {
      throw unexpected(job, e);
    }
  }

  /**
   * Not a known permanent cause, so not the sender's to hear about: the job waits (its batch is
   * retried, and a job that keeps failing is set aside as a dead letter), and the trace is logged.
   */
  private static RuntimeException unexpected(LocalDeliveryJob job, RuntimeException e) {
    LOG.errorf(e, "%s: to=<%s>, relay=local, dsn=4.3.0, status=deferred (unexpected error: %s)", job.queueId(),
        job.mailbox(), e.toString());
    return e;
  }

  /**
   * RFC 3461 §5.2.3: delivery into a mailbox is final, so a sender who asked NOTIFY=SUCCESS is told
   * by us; queue-manager writes the notification. Never for the null sender (RFC 5321 §4.5.5).
   */
  private static boolean wantsSuccessNotice(LocalDeliveryJob job) {
    return !job.mailFrom().isEmpty() && job.options().asked(EsmtpOptions.Notify.SUCCESS, job.originalRecipient());
  }

  /** The one recipient of a job in the shape queue-manager's notices take. */
  private static RelayDeliveryJob asRelayJob(LocalDeliveryJob job, String relay) {
    return new RelayDeliveryJob(job.queueId(), job.mailFrom(), relay,
        List.of(new RelayDeliveryJob.Recipient(job.mailbox(), job.originalRecipient())), job.options(),
        job.queuedAt(), 0, job.content());
  }

  private void report(List<Attempt> attempts, long started) throws Exception {
    Instant now = Instant.now();
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    double delay = elapsedMillis / 1e3;
    List<Future<RecordMetadata>> sends = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      LocalDeliveryJob job = a.job();
      DeliveryOutcome outcome = a.outcome();
      LOG.infof("%s: to=<%s>, orig_to=<%s>, relay=%s, delay=%.3f, dsn=%s, status=%s (%s)", job.queueId(),
          job.mailbox(), job.originalRecipient(), outcome.relay(), delay, outcome.dsnStatus(), outcome.statusWord(),
          outcome.detail());
      DeliveryResult result = new DeliveryResult(job.queueId(), job.mailbox(), job.originalRecipient(), outcome,
          AttemptFacts.local(elapsedMillis, a.usage()), now);
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(), WireFormat.encode(result))));
      if (outcome instanceof DeliveryOutcome.Bounced) {
        // After its result, as outbound-relay returns its bounces: queue-manager writes the DSN.
        sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(),
            WireFormat.encodeReturned(asRelayJob(job, outcome.relay())))));
      }
      if (outcome instanceof DeliveryOutcome.Deferred && job.piped()) {
        // After its result, as a relay job's leftovers: queue-manager queues it for a later attempt.
        sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(),
            WireFormat.encode(job.nextAttempt()))));
      }
      if (outcome instanceof DeliveryOutcome.Delivered && wantsSuccessNotice(job)) {
        // After its result, on the same partition: queue-manager finds the result when it writes the DSN.
        sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(),
            WireFormat.encodeDelivered(asRelayJob(job, RELAY)))));
      }
    }
    DurableKafka.awaitAll(sends, config.delivery().sendTimeout());
  }
}
