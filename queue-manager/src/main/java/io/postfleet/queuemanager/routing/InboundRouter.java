package io.postfleet.queuemanager.routing;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DeadLetters;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.kafka.TransientFailureException;
import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.maps.MapsSnapshot;
import io.postfleet.maps.policy.LivePolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.queuemanager.bounce.Bounces;
import io.postfleet.queuemanager.bounce.Failure;
import io.postfleet.queuemanager.bounce.ReturnedMail;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.postfleet.queuemanager.health.ConsumersReadiness;
import io.postfleet.queuemanager.queue.QuarantinedJobs;
import io.postfleet.queuemanager.queue.QueuedMessages;
import io.postfleet.queuemanager.queue.RecipientState;
import io.postfleet.queuemanager.queue.RoutedMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Consumes postfleet.inbound and publishes the delivery jobs of each message. The offsets of a batch
 * are committed only after Kafka acknowledged every job of every message in it, so a crash replays
 * the batch instead of losing it (local delivery is idempotent per queue id and mailbox). Each batch's
 * messages are recorded in the queue view before their jobs are published, so that the API shows
 * them in flight and no delivery result can come back for a message not yet recorded. The jobs of a
 * message smtp-ingress quarantined are not published but held in the deferred queue, its
 * recipients shown HELD with the reason, until an admin releases or deletes them; a local recipient
 * whose domain sends quarantined mail to junk gets it at once in its {@code .Junk} folder.
 */
@ApplicationScoped
public class InboundRouter {
  private static final Logger LOG = Logger.getLogger(InboundRouter.class);

  private final Map<String, Object> kafka;
  private final LiveRecipientMaps maps;
  private final QueueManagerConfig config;
  private final Bounces bounces;
  private final QueuedMessages queued;
  private final QuarantinedJobs quarantined;
  private final LivePolicy policy;
  private final ConsumersReadiness consumers;
  private KafkaProducer<String, byte[]> producer;
  private DeadLetters deadLetters;
  private BatchConsumerLoop loop;

  public InboundRouter(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      LiveRecipientMaps maps, QueueManagerConfig config, Bounces bounces, QueuedMessages queued,
      QuarantinedJobs quarantined, LivePolicy policy, ConsumersReadiness consumers) {
    this.consumers = consumers;
    this.policy = policy;
    this.bounces = bounces;
    this.queued = queued;
    this.quarantined = quarantined;
    this.kafka = kafka;
    this.maps = maps;
    this.config = config;
  }

  void start(@Observes StartupEvent event) {
    producer = DurableKafka.producer(kafka, "queue-manager-router", config.queue().sendTimeout());
    deadLetters = new DeadLetters(producer, "queue-manager", config.queue().sendTimeout());
    loop = new BatchConsumerLoop(
        DurableKafka.consumer(kafka, "queue-manager", config.queue().maxPollRecords()),
        Topics.INBOUND, this::route, deadLetters, QueueManagerConfig.Consumers.retries(config.consumers()));
    consumers.watch(loop);
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    loop.close();
    producer.close();
  }

  private void route(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
    MapsSnapshot snapshot = maps.refreshNow();
    if (snapshot == null) {
      throw new TransientFailureException("recipient maps not loaded yet");
    }
    Instant now = Instant.now();
    List<RoutedMessage> routed = new ArrayList<>(batch.size());
    List<RoutingPlan> plans = new ArrayList<>(batch.size());
    List<QuarantinedJobs.Held> held = new ArrayList<>();
    MailPolicy quarantinePolicy = null;
    for (DeadLetters.Decoded<InboundMessage> decoded : deadLetters.read(batch, WireFormat::decodeInbound)) {
      InboundMessage message = decoded.value();
      RoutingPlan plan = RoutingPlan.of(message, snapshot, now);
      if (!message.envelope().quarantined()) {
        routed.add(new RoutedMessage(message, recipientsOf(plan, RecipientState.IN_FLIGHT)));
        plans.add(plan);
        continue;
      }
      if (quarantinePolicy == null) {
        // Read once per batch, and only for a batch with quarantined mail, as the maps are.
        quarantinePolicy = policy.refreshNow();
      }
      QuarantinePlan quarantine = QuarantinePlan.of(plan, message.envelope().quarantine(), quarantinePolicy);
      // As Postfix's cleanup logs a HOLD action; recipients that routing refused still bounce.
      LOG.infof("%s: hold: %s", message.envelope().queueId(), message.envelope().quarantine());
      List<RoutedMessage.Recipient> recipients = new ArrayList<>(recipientsOf(quarantine.deliverNow(),
          RecipientState.IN_FLIGHT));
      recipients.addAll(recipientsOf(new RoutingPlan(quarantine.held().localJobs(), quarantine.held().relayJobs(),
          List.of()), RecipientState.HELD));
      routed.add(new RoutedMessage(message, recipients));
      held.add(quarantine.held());
      plans.add(quarantine.deliverNow());
    }
    queued.recordRouted(routed);
    quarantined.hold(held, now);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      sends.addAll(publish(routed.get(i).message(), plans.get(i)));
    }
    DurableKafka.awaitAll(sends, config.queue().sendTimeout());
  }

  private List<Future<RecordMetadata>> publish(InboundMessage message, RoutingPlan plan) {
    String id = message.envelope().queueId();
    LOG.infof("%s: from=<%s>, size=%d, nrcpt=%d (queue active)", id, message.envelope().mailFrom(),
        message.envelope().size(), message.envelope().recipients().size());
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (LocalDeliveryJob job : plan.localJobs()) {
      LOG.infof("%s: to=<%s>, orig_to=<%s>, transport=%s%s", id, job.mailbox(), job.originalRecipient(),
          job.piped() ? "pipe" : "local", job.folder().isEmpty() ? "" : ", folder=" + job.folder());
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, job.mailbox(), WireFormat.encode(job))));
    }
    for (RelayDeliveryJob job : plan.relayJobs()) {
      LOG.infof("%s: nexthop=%s, nrcpt=%d, transport=smtp", id, job.nextHop(), job.recipients().size());
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RELAY, job.nextHop(), WireFormat.encode(job))));
    }
    List<Failure> failures = new ArrayList<>();
    for (DeliveryResult result : plan.undeliverable()) {
      LOG.infof("%s: to=<%s>, orig_to=<%s>, dsn=%s, status=bounced (%s)", id, result.recipient(),
          result.originalRecipient(), result.outcome().dsnStatus(), result.outcome().detail());
      sends.add(producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, id, WireFormat.encode(result))));
      failures.add(new Failure(result.recipient(), result.originalRecipient(), result.outcome().dsnStatus(), "",
          result.outcome().detail()));
    }
    if (!failures.isEmpty()) {
      Envelope e = message.envelope();
      Future<RecordMetadata> dsn = bounces.send(producer,
          new ReturnedMail(id, e.mailFrom(), e.arrival(), e.options(), message.content(), failures));
      if (dsn != null) {
        sends.add(dsn);
      }
    }
    return sends;
  }

  /** @param jobState the state of the recipients that have a job: in flight, or held with their message */
  private static List<RoutedMessage.Recipient> recipientsOf(RoutingPlan plan, RecipientState jobState) {
    List<RoutedMessage.Recipient> recipients = new ArrayList<>();
    for (LocalDeliveryJob job : plan.localJobs()) {
      recipients.add(new RoutedMessage.Recipient(job.mailbox(), job.originalRecipient(), jobState));
    }
    for (RelayDeliveryJob job : plan.relayJobs()) {
      for (RelayDeliveryJob.Recipient r : job.recipients()) {
        recipients.add(new RoutedMessage.Recipient(r.address(), r.originalRecipient(), jobState));
      }
    }
    for (DeliveryResult result : plan.undeliverable()) {
      recipients
          .add(new RoutedMessage.Recipient(result.recipient(), result.originalRecipient(), RecipientState.BOUNCED));
    }
    return recipients;
  }
}
