package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchProgress;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.outboundrelay.delivery.LeftoverRecipients;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Works through one polled batch, its jobs in parallel, also those for one destination: like
 * Postfix's qmgr, which runs up to a destination's concurrency limit of deliveries to it at once
 * (the connection pool makes further jobs wait for a slot) and keeps no order among them. A job
 * counts as done once all its results are acknowledged by Kafka, so it can be committed before the
 * rest of the batch: a crash then sends again only the deliveries in progress.
 */
final class BatchDelivery {
  private static final Logger LOG = Logger.getLogger(BatchDelivery.class);

  private final RelayDelivery delivery;
  private final ResultPublisher publisher;
  private final ExecutorService executor;
  private final RecentRelayJobs recentJobs;

  BatchDelivery(RelayDelivery delivery, ResultPublisher publisher, ExecutorService executor,
      RecentRelayJobs recentJobs) {
    this.delivery = delivery;
    this.publisher = publisher;
    this.executor = executor;
    this.recentJobs = recentJobs;
  }

  /** Returns once every result of the batch is acknowledged by Kafka; throws if any is not. */
  void deliver(List<ConsumerRecord<String, byte[]>> records, BatchProgress progress) throws Exception {
    List<DeadLetters.Decoded<RelayDeliveryJob>> readable = publisher.deadLetters().read(records,
        WireFormat::decodeRelayJob);
    markDeadLettersDone(records, readable, progress);
    List<CompletableFuture<List<CompletableFuture<?>>>> jobs = new ArrayList<>();
    for (DeadLetters.Decoded<RelayDeliveryJob> job : readable) {
      jobs.add(CompletableFuture.supplyAsync(() -> deliverReportingProgress(job, progress), executor));
    }
    // allOf waits for every job even when one fails, so nothing of this batch is still running
    // when it is rewound and taken up again.
    CompletableFuture.allOf(jobs.toArray(new CompletableFuture<?>[0])).get();
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (CompletableFuture<List<CompletableFuture<?>>> job : jobs) {
      sends.addAll(job.join());
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get();
  }

  /** Dead letters are acknowledged by Kafka once {@code read} returns: their work is done. */
  private static void markDeadLettersDone(List<ConsumerRecord<String, byte[]>> records,
      List<DeadLetters.Decoded<RelayDeliveryJob>> readable, BatchProgress progress) {
    Set<ConsumerRecord<String, byte[]>> jobs = new HashSet<>();
    readable.forEach(job -> jobs.add(job.record()));
    records.stream().filter(r -> !jobs.contains(r)).forEach(progress::done);
  }

  private List<CompletableFuture<?>> deliverReportingProgress(
      DeadLetters.Decoded<RelayDeliveryJob> decoded, BatchProgress progress) {
    RelayDeliveryJob job = decoded.value();
    if (!recentJobs.take(job)) {
      LOG.infof("%s: nexthop=%s, status=skipped (a copy of this job was taken up already)", job.queueId(),
          job.nextHop());
      progress.done(decoded.record());
      return List.of();
    }
    List<CompletableFuture<?>> sends;
    try {
      sends = deliverOne(decoded);
    } catch (RuntimeException e) {
      recentJobs.giveBack(job);
      throw e;
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).whenComplete((ok, failed) -> {
      if (failed == null) {
        progress.done(decoded.record());
      } else {
        recentJobs.giveBack(job);
      }
    });
    return sends;
  }

  private List<CompletableFuture<?>> deliverOne(DeadLetters.Decoded<RelayDeliveryJob> decoded) {
    RelayDeliveryJob job = decoded.value();
    Instant queuedAt = job.queuedAt().equals(Instant.EPOCH)
        ? Instant.ofEpochMilli(decoded.record().timestamp())
        : job.queuedAt();
    List<DeliveryResult> results = delivery.deliver(job, queuedAt);
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (DeliveryResult result : results) {
      sends.add(publisher.publish(result));
    }
    RelayDeliveryJob retry = LeftoverRecipients.retryOf(job, results);
    if (retry != null) {
      sends.add(publisher.publishRetry(retry));
    }
    RelayDeliveryJob returned = LeftoverRecipients.returnedOf(job, results);
    if (returned != null) {
      sends.add(publisher.publishReturned(returned));
    }
    RelayDeliveryJob delivered = LeftoverRecipients.deliveredOf(job, results);
    if (delivered != null) {
      sends.add(publisher.publishDelivered(delivered));
    }
    return sends;
  }
}
