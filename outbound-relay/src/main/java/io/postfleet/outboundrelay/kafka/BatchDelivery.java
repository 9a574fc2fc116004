package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.outboundrelay.delivery.LeftoverRecipients;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Works through one polled batch: destinations in parallel, the jobs of one destination in order
 * (they share a key, so a partition, so their order is the queue's), every result published, and
 * only then says whether the batch may be committed.
 */
final class BatchDelivery {
  private final RelayDelivery delivery;
  private final ResultPublisher publisher;
  private final ExecutorService executor;

  BatchDelivery(RelayDelivery delivery, ResultPublisher publisher, ExecutorService executor) {
    this.delivery = delivery;
    this.publisher = publisher;
    this.executor = executor;
  }

  /** Returns once every result of the batch is acknowledged by Kafka; throws if any is not. */
  void deliver(List<ConsumerRecord<String, byte[]>> records) throws Exception {
    Map<String, List<DeadLetters.Decoded<RelayDeliveryJob>>> byDestination = new LinkedHashMap<>();
    for (DeadLetters.Decoded<RelayDeliveryJob> decoded : publisher.deadLetters().read(records, WireFormat::decodeRelayJob)) {
      String key = decoded.record().key() == null ? "" : decoded.record().key();
      byDestination.computeIfAbsent(key, k -> new ArrayList<>()).add(decoded);
    }
    List<CompletableFuture<List<CompletableFuture<?>>>> destinations = new ArrayList<>();
    for (List<DeadLetters.Decoded<RelayDeliveryJob>> jobs : byDestination.values()) {
      destinations.add(CompletableFuture.supplyAsync(() -> deliverInOrder(jobs), executor));
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

  private List<CompletableFuture<?>> deliverInOrder(List<DeadLetters.Decoded<RelayDeliveryJob>> jobs) {
    List<CompletableFuture<?>> sends = new ArrayList<>();
    for (DeadLetters.Decoded<RelayDeliveryJob> decoded : jobs) {
      RelayDeliveryJob job = decoded.value();
      Instant queuedAt = job.queuedAt().equals(Instant.EPOCH)
          ? Instant.ofEpochMilli(decoded.record().timestamp()) : job.queuedAt();
      List<DeliveryResult> results = delivery.deliver(job, queuedAt);
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
    }
    return sends;
  }
}
