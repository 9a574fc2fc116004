package io.postfleet.queuemanager.results;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.queuemanager.bounce.Bounces;
import io.postfleet.queuemanager.bounce.DsnKind;
import io.postfleet.queuemanager.bounce.ReportedRecipient;
import io.postfleet.queuemanager.bounce.StatusReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * NOTIFY=SUCCESS (RFC 3461 §5.2.2, §5.2.3): the delivery services hand back the delivered recipients
 * whose sender asked to be told and whom nobody further on will tell; the recipients of one message
 * in one results batch get one report, Action: delivered for a mailbox, relayed for a server without
 * DSN, with the server's reply taken from the delivery log.
 */
@ApplicationScoped
public class SuccessNotices {
  private final DeliveryLog log;
  private final Bounces bounces;

  public SuccessNotices(DeliveryLog log, Bounces bounces) {
    this.log = log;
    this.bounces = bounces;
  }

  /** Publishes one notice per message of these delivered jobs; call after their results are recorded. */
  public List<Future<RecordMetadata>> send(KafkaProducer<String, byte[]> producer, List<RelayDeliveryJob> delivered)
      throws SQLException {
    Map<String, List<RelayDeliveryJob>> byMessage = new LinkedHashMap<>();
    for (RelayDeliveryJob job : delivered) {
      byMessage.computeIfAbsent(job.queueId(), id -> new ArrayList<>()).add(job);
    }
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (List<RelayDeliveryJob> jobs : byMessage.values()) {
      RelayDeliveryJob first = jobs.get(0);
      Map<String, ReportedRecipient> logged = log.deliveriesOf(first.queueId());
      List<ReportedRecipient> recipients = new ArrayList<>();
      for (RelayDeliveryJob job : jobs) {
        for (RelayDeliveryJob.Recipient r : job.recipients()) {
          ReportedRecipient d = logged.get(r.address());
          // Without its result in the log, the job still says where it went: a mailbox, or a next hop.
          recipients.add(d == null
              ? new ReportedRecipient(r.address(), r.originalRecipient(), "2.0.0",
                  "local".equals(job.nextHop()) ? "" : job.nextHop(), "delivered")
              : new ReportedRecipient(r.address(), r.originalRecipient(), d.status(), d.remoteMta(), d.diagnostic()));
        }
      }
      Future<RecordMetadata> sent = bounces.send(producer, new StatusReport(DsnKind.SUCCESS, first.queueId(),
          first.mailFrom(), first.queuedAt(), first.options(), first.content(), recipients, null));
      if (sent != null) {
        sends.add(sent);
      }
    }
    return sends;
  }
}
