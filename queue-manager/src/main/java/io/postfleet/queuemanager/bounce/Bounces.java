package io.postfleet.queuemanager.bounce;

import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends delivery status notifications the way every other message travels: onto postfleet.inbound,
 * so they are routed, delivered, deferred and retried like any mail, with the null sender.
 */
@ApplicationScoped
public class Bounces {
  private static final Logger LOG = Logger.getLogger(Bounces.class);
  private final DsnComposer composer;
  private final Clock clock;

  public Bounces(QueueManagerConfig config, Clock clock) {
    this.clock = clock;
    // The bare "postmaster" (the default) is routed by the maps to the postmaster address set in
    // /api/v1/settings, so double bounces reach a local mailbox; postmaster@hostname would be relayed.
    this.composer = new DsnComposer(config.hostname(), config.postmaster());
  }

  /** Publishes the notification for these failures of a relay job; null when nobody is to be told. */
  public Future<RecordMetadata> returnToSender(KafkaProducer<String, byte[]> producer, RelayDeliveryJob job,
      List<Failure> failures) {
    return send(producer, new ReturnedMail(job.queueId(), job.mailFrom(), job.queuedAt(), job.options(),
        job.content(), failures));
  }

  public Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, ReturnedMail mail) {
    InboundMessage dsn = composer.compose(mail, clock.instant());
    if (dsn == null) {
      LOG.infof("%s: no notification for %d failed recipients (a double bounce that failed, or NOTIFY)", mail.queueId(),
          mail.failures().size());
      return null;
    }
    LOG.infof("%s: sender non-delivery notification: %s", mail.queueId(), dsn.envelope().queueId());
    return producer.send(new ProducerRecord<>(Topics.INBOUND, dsn.envelope().queueId(), WireFormat.encode(dsn)));
  }

  /** Publishes a delay warning or success notice; null when nobody is to be told (null sender, NOTIFY). */
  public Future<RecordMetadata> send(KafkaProducer<String, byte[]> producer, StatusReport report) {
    InboundMessage dsn = composer.compose(report, clock.instant());
    if (dsn == null) {
      LOG.infof("%s: no %s notification for %d recipients (null sender, or NOTIFY)", report.queueId(),
          report.kind().name().toLowerCase(Locale.ROOT), report.recipients().size());
      return null;
    }
    // Postfix's maillog names them the same way: "sender delay notification", "sender delivery status notification".
    LOG.infof("%s: sender %s notification: %s", report.queueId(),
        report.kind() == DsnKind.DELAY ? "delay" : "delivery status", dsn.envelope().queueId());
    return producer.send(new ProducerRecord<>(Topics.INBOUND, dsn.envelope().queueId(), WireFormat.encode(dsn)));
  }
}
