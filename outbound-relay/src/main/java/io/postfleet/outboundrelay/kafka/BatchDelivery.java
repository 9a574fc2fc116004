package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.MalformedRecordException;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchProgress;
import io.postfleet.outboundrelay.delivery.LeftoverRecipients;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Works through one polled batch: destinations in parallel, the jobs of one destination in order
 * (they share a key, so a partition, so their order is the queue's). A job counts as done once all
 * its results are acknowledged by Kafka, so it can be committed before the rest of the batch: a
 * crash then sends again only the deliveries in progress, not everything the batch delivered.
 */
final class BatchDelivery {
  private static final Logger LOG = Logger.getLogger(BatchDelivery.class);

  private final RelayDelivery delivery;
  private final ResultPublisher publisher;
  private final ExecutorService executor;

  BatchDelivery(RelayDelivery delivery, ResultPublisher publisher, ExecutorService executor) {
    this.delivery = delivery;
    this.publisher = publisher;
    this.executor = executor;
  }

  /** Returns once every result of the batch is acknowledged by Kafka; throws if any is not. */
  void deliver(List<ConsumerRecord<String, byte[]>> records, BatchProgress progress)
      throws ExecutionException, InterruptedException {
    Map<String, List<ConsumerRecord<String, byte[]>>> byDestination = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      String key = record.key() == null ? "" : record.key();
      byDestination.computeIfAbsent(key, k -> new ArrayList<>()).add(record);
    }
    List<CompletableFuture<List<CompletableFuture<?>>>> destinations = new ArrayList<>();
    for (List<ConsumerRecord<String, byte[]>> jobs : byDestination.values()) {
      destinations.add(CompletableFuture.supplyAsync(() -> deliverInOrder(jobs, progress), executor));
    }
    // allOf waits for every destination even when one fails, so nothing of this batch is still
    // running when it is rewound and taken up again.
    CompletableFuture.allOf(destinations.toArray(new CompletableFuture<?>[0])).get();
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (CompletableFuture<List<CompletableFuture<?>>> destination : destinations) {
      sends.addAll(destination.join());
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get();
  }

  private List<CompletableFuture<?>> deliverInOrder(List<ConsumerRecord<String, byte[]>> jobs, BatchProgress progress) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : jobs) {
      List<CompletableFuture<?>> jobSends = deliverOne(record);
      CompletableFuture.allOf(jobSends.toArray(new CompletableFuture<?>[0])).thenRun(() -> progress.done(record));
      sends.addAll(jobSends);
    }
    return sends;
  }

  private List<CompletableFuture<?>> deliverOne(ConsumerRecord<String, byte[]> record) {
    RelayDeliveryJob job;
    try {
      job = WireFormat.decodeRelayJob(record.value());
    } catch (MalformedRecordException e) {
      // Retrying cannot make it readable; skipping keeps the partition moving.
      LOG.errorf("skipping unreadable record %s-%d@%d: %s",
          record.topic(), record.partition(), record.offset(), e.getMessage());
      return List.of();
    }
    Instant queuedAt = job.queuedAt().equals(Instant.EPOCH) ? Instant.ofEpochMilli(record.timestamp()) : job.queuedAt();
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
