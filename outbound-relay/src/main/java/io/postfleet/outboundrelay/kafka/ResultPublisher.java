package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.DurableKafka;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes delivery results to {@link Topics#DELIVERY_RESULTS}, keyed by queue id. */
@Singleton
public class ResultPublisher {
  /** Longest a result may wait for Kafka before its batch is rewound and delivered again. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final DeadLetters deadLetters;

  public ResultPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.producer = DurableKafka.producer(kafka, RelayJobConsumer.GROUP_ID + "-results", SEND_TIMEOUT);
    this.deadLetters = new DeadLetters(producer, RelayJobConsumer.GROUP_ID, SEND_TIMEOUT);
  }

  /** Where the consumer sets aside the jobs it cannot read, through this publisher's producer. */
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  /** Completes when the broker has the result (acks=all), or fails; sends are not serialised. */
  public CompletableFuture<RecordMetadata> publish(DeliveryResult result) {
    return send(result.queueId(), WireFormat.encode(result));
  }

  /** Hands the deferred recipients of a job to queue-manager's deferred queue. */
  public CompletableFuture<RecordMetadata> publishRetry(RelayDeliveryJob job) {
    return send(job.queueId(), WireFormat.encode(job));
  }

  /** Hands the bounced recipients of a job, with the message, to queue-manager for the DSN. */
  public CompletableFuture<RecordMetadata> publishReturned(RelayDeliveryJob job) {
    return send(job.queueId(), WireFormat.encodeReturned(job));
  }

  /** Hands the delivered recipients whose sender asked to be told to queue-manager for the DSN. */
  public CompletableFuture<RecordMetadata> publishDelivered(RelayDeliveryJob job) {
    return send(job.queueId(), WireFormat.encodeDelivered(job));
  }

  private CompletableFuture<RecordMetadata> send(String queueId, byte[] value) {
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(Topics.DELIVERY_RESULTS, queueId, value),
          (metadata, error) -> {
            if (error != null) {
              acked.completeExceptionally(error);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      // send() itself throws when the producer cannot even buffer the record (e.g. max.block.ms).
      acked.completeExceptionally(e);
    }
    return acked;
  }

  @PreDestroy
  void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
