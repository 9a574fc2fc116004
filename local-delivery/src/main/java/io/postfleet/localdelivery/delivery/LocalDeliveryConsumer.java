package io.postfleet.localdelivery.delivery;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.localdelivery.config.LocalDeliveryConfig;
import io.postfleet.localdelivery.maildir.MaildirWriter;
import io.postfleet.localdelivery.quota.MailboxQuota;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
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
import io.smallrye.common.annotation.Identifier;
import org.jboss.logging.Logger;

/**
 * Consumes postfleet.delivery.local in batches: writes every job's file in parallel (fsyncs overlap),
 * fsyncs each touched {@code new/} directory once, publishes the results, and only then lets the
 * batch's offsets be committed. A failed write fails the whole batch, which is retried; jobs already
 * written are found again by name and not duplicated.
 */
@ApplicationScoped
public class LocalDeliveryConsumer {
  private static final Logger LOG = Logger.getLogger(LocalDeliveryConsumer.class);
  private static final String RELAY = "local";

  private final Map<String, Object> kafka;
  private final LocalDeliveryConfig config;
  private final MaildirWriter writer;
  private final MailboxQuota quota;
  private ExecutorService writers;
  private KafkaProducer<String, byte[]> producer;
  private DeadLetters deadLetters;
  private BatchConsumerLoop loop;

  public LocalDeliveryConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      LocalDeliveryConfig config) {
    this.kafka = kafka;
    this.config = config;
    this.writer = new MaildirWriter(config.maildir().root().toAbsolutePath());
    this.quota = new MailboxQuota(config.maildir().root().toAbsolutePath());
  }

  void start(@Observes StartupEvent event) {
    writers = Executors.newFixedThreadPool(config.delivery().writerThreads());
    producer = DurableKafka.producer(kafka, "local-delivery", config.delivery().sendTimeout());
    deadLetters = new DeadLetters(producer, "local-delivery", config.delivery().sendTimeout());
    loop = new BatchConsumerLoop(
        DurableKafka.consumer(kafka, "local-delivery", config.delivery().maxPollRecords()),
        Topics.DELIVERY_LOCAL, this::deliver);
    loop.start();
    LOG.infof("delivering into Maildirs under %s", config.maildir().root().toAbsolutePath());
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.close();
    writers.shutdown();
    producer.close();
  }

  /** One job's outcome, the directory to fsync when a file was linked, and the mailbox's usage after it. */
  private record Attempt(LocalDeliveryJob job, DeliveryOutcome outcome, Path directory, MailboxUsage usage) {
    Attempt(LocalDeliveryJob job, DeliveryOutcome outcome) {
      this(job, outcome, null, MailboxUsage.UNKNOWN);
    }
  }

  private void deliver(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
    long started = System.nanoTime();
    List<Future<Attempt>> attempts = new ArrayList<>(batch.size());
    for (DeadLetters.Decoded<LocalDeliveryJob> decoded : deadLetters.read(batch, WireFormat::decodeLocalJob)) {
      LocalDeliveryJob job = decoded.value();
      attempts.add(writers.submit(() -> attempt(job)));
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

  /**
   * An I/O error (disk full, volume gone) propagates and fails the batch, to be retried as Postfix
   * defers; a job that can never be written (an address no path can hold) bounces instead.
   */
  private Attempt attempt(LocalDeliveryJob job) throws java.io.IOException {
    if (ForwardingLoop.detected(job)) {
      return new Attempt(job, new DeliveryOutcome.Bounced("5.4.6", RELAY, ForwardingLoop.detail(job)));
    }
    try (MailboxQuota.Account account = quota.open(job)) {
      long size = job.content().length;
      if (account.wouldExceed(size) && !writer.holds(job)) {
        // Postfix virtual(8) and Dovecot's LDA bounce a message for a full mailbox: 5.2.2 (RFC 3463).
        return new Attempt(job, new DeliveryOutcome.Bounced("5.2.2", RELAY, account.fullDetail(size)), null,
            account.usage());
      }
      MaildirWriter.Written w = writer.write(job);
      if (w.created()) {
        account.added(w.file());
      }
      String detail = (w.created() ? "delivered to maildir " : "already in maildir ") + w.file().getFileName();
      return new Attempt(job, new DeliveryOutcome.Delivered("2.0.0", RELAY, detail), w.newDirectory(),
          account.usage());
    } catch (IllegalArgumentException e) {
      return new Attempt(job, new DeliveryOutcome.Bounced("5.3.5", RELAY, e.getMessage()));
    }
  }

  /**
   * RFC 3461 §5.2.3: delivery into a mailbox is final, so a sender who asked NOTIFY=SUCCESS is told
   * by us; queue-manager writes the notification. Never for the null sender (RFC 5321 §4.5.5).
   */
  private static boolean wantsSuccessNotice(LocalDeliveryJob job) {
    return !job.mailFrom().isEmpty() && job.options().asked(EsmtpOptions.Notify.SUCCESS, job.originalRecipient());
  }

  private void report(List<Attempt> attempts, long started) throws Exception {
    Instant now = Instant.now();
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    double delay = elapsedMillis / 1e3;
    List<Future<RecordMetadata>> sends = new ArrayList<>(attempts.size());
    for (Attempt a : attempts) {
      LocalDeliveryJob job = a.job();
      DeliveryOutcome outcome = a.outcome();
      LOG.infof("%s: to=<%s>, orig_to=<%s>, relay=local, delay=%.3f, dsn=%s, status=%s (%s)", job.queueId(),
          job.mailbox(), job.originalRecipient(), delay, outcome.dsnStatus(), outcome.statusWord(), outcome.detail());
      DeliveryResult result = new DeliveryResult(job.queueId(), job.mailbox(), job.originalRecipient(), outcome,
          AttemptFacts.local(elapsedMillis, a.usage()), now);
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(), WireFormat.encode(result))));
      if (outcome instanceof DeliveryOutcome.Delivered && wantsSuccessNotice(job)) {
        // After its result, on the same partition: queue-manager finds the result when it writes the DSN.
        sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, job.queueId(),
            WireFormat.encodeDelivered(new RelayDeliveryJob(job.queueId(), job.mailFrom(), RELAY,
                List.of(new RelayDeliveryJob.Recipient(job.mailbox(), job.originalRecipient())), job.options(),
                job.queuedAt(), 0, job.content())))));
      }
    }
    DurableKafka.awaitAll(sends, config.delivery().sendTimeout());
  }
}
