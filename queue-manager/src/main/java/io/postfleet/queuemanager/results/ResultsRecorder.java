package io.postfleet.queuemanager.results;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.queuemanager.bounce.Bounces;
import io.postfleet.queuemanager.bounce.Failure;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.postfleet.queuemanager.health.ConsumersReadiness;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Consumes postfleet.delivery.results into delivery_log and the deferred queue; offsets move only
 * after the insert committed.
 */
@ApplicationScoped
public class ResultsRecorder {
  private static final Logger LOG = Logger.getLogger(ResultsRecorder.class);

  private final Map<String, Object> kafka;
  private final QueueManagerConfig config;
  private final DeliveryLog log;
  private final Bounces bounces;
  private final SuccessNotices successNotices;
  private final ConsumersReadiness consumers;
  private KafkaProducer<String, byte[]> producer;
  private DeadLetters deadLetters;
  private BatchConsumerLoop loop;

  public ResultsRecorder(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      QueueManagerConfig config, DeliveryLog log, Bounces bounces, SuccessNotices successNotices,
      ConsumersReadiness consumers) {
    this.consumers = consumers;
    this.bounces = bounces;
    this.successNotices = successNotices;
    this.kafka = kafka;
    this.config = config;
    this.log = log;
  }

  void start(@Observes StartupEvent event) {
    producer = DurableKafka.producer(kafka, "queue-manager-bounces", config.queue().sendTimeout());
    deadLetters = new DeadLetters(producer, "queue-manager", config.queue().sendTimeout());
    loop = new BatchConsumerLoop(
        DurableKafka.consumer(kafka, "queue-manager-results", config.queue().maxPollRecords()),
        Topics.DELIVERY_RESULTS, this::record, deadLetters, QueueManagerConfig.Consumers.retries(config.consumers()));
    consumers.watch(loop);
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.close();
    producer.close();
  }

  /**
   * The results topic carries five kinds of record; a {@link RelayDeliveryJob} is returned, delivered
   * or deferred; a {@link LocalDeliveryJob} is a deferred pipe delivery.
   */
  private static Object decode(byte[] value) {
    if (WireFormat.isLocalJob(value)) {
      return WireFormat.decodeLocalJob(value);
    }
    if (WireFormat.isReturnedJob(value)) {
      return WireFormat.decodeReturnedJob(value);
    }
    if (WireFormat.isDeliveredJob(value)) {
      return WireFormat.decodeDeliveredJob(value);
    }
    if (WireFormat.isRelayJob(value)) {
      return WireFormat.decodeRelayJob(value);
    }
    return WireFormat.decodeResult(value);
  }

  private void record(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
    List<DeliveryResult> results = new ArrayList<>(batch.size());
    List<RelayDeliveryJob> deferred = new ArrayList<>();
    List<RelayDeliveryJob> returned = new ArrayList<>();
    List<RelayDeliveryJob> delivered = new ArrayList<>();
    List<LocalDeliveryJob> deferredPipes = new ArrayList<>();
    for (DeadLetters.Decoded<Object> decoded : deadLetters.read(batch, ResultsRecorder::decode)) {
      if (decoded.value() instanceof DeliveryResult result) {
        results.add(result);
      } else if (decoded.value() instanceof LocalDeliveryJob pipe) {
        deferredPipes.add(pipe);
      } else if (WireFormat.isReturnedJob(decoded.record().value())) {
        returned.add((RelayDeliveryJob) decoded.value());
      } else if (WireFormat.isDeliveredJob(decoded.record().value())) {
        delivered.add((RelayDeliveryJob) decoded.value());
      } else {
        deferred.add((RelayDeliveryJob) decoded.value());
      }
    }
    log.record(results, deferred, deferredPipes);
    List<Future<RecordMetadata>> notifications = new ArrayList<>();
    for (RelayDeliveryJob job : returned) {
      Map<String, Failure> bounced = log.bouncesOf(job.queueId());
      List<Failure> failures = new ArrayList<>();
      for (RelayDeliveryJob.Recipient r : job.recipients()) {
        failures.add(bounced.getOrDefault(r.address(),
            new Failure(r.address(), r.originalRecipient(), "5.0.0", "", "delivery failed")));
      }
      Future<RecordMetadata> sent = bounces.returnToSender(producer, job, failures);
      if (sent != null) {
        notifications.add(sent);
      }
    }
    notifications.addAll(successNotices.send(producer, delivered));
    DurableKafka.awaitAll(notifications, config.queue().sendTimeout());
    for (RelayDeliveryJob job : deferred) {
      LOG.infof("%s: deferred to %s, %d recipients, attempt %d done (queue deferred)", job.queueId(), job.nextHop(),
          job.recipients().size(), job.attempts());
    }
    for (LocalDeliveryJob job : deferredPipes) {
      LOG.infof("%s: deferred to=<%s>, transport=pipe, attempt %d done (queue deferred)", job.queueId(), job.mailbox(),
          job.attempts());
    }
    for (DeliveryResult r : results) {
      LOG.infof("%s: to=<%s>, orig_to=<%s>, relay=%s, dsn=%s, status=%s (%s)", r.queueId(), r.recipient(),
          r.originalRecipient(), r.outcome().relay(), r.outcome().dsnStatus(), r.outcome().statusWord(),
          r.outcome().detail());
    }
  }
}
