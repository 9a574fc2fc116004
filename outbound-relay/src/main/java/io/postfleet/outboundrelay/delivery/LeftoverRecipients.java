package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job leaves for queue-manager besides its results: the deferred recipients to try again
 * (one attempt older), the bounced ones to return to the sender, and the delivered ones whose
 * sender asked to be told, each with the message. They go
 * on the results topic in the same batch as the results, so neither is in Kafka only as a log line
 * when the job's offset is committed.
 */
public final class LeftoverRecipients {
  private LeftoverRecipients() {}

  /** The job to retry, or null when no recipient was deferred. */
  public static RelayDeliveryJob retryOf(RelayDeliveryJob job, List<DeliveryResult> results) {
    List<RelayDeliveryJob.Recipient> deferred = matching(job, results, DeliveryOutcome.Deferred.class);
    return deferred.isEmpty()
        ? null
        : new RelayDeliveryJob(job.queueId(), job.mailFrom(), job.nextHop(), deferred,
            job.options(), job.queuedAt(), job.attempts() + 1, job.content());
  }

  /** The bounced recipients with the message, for the sender's notification; null when none bounced. */
  public static RelayDeliveryJob returnedOf(RelayDeliveryJob job, List<DeliveryResult> results) {
    List<RelayDeliveryJob.Recipient> bounced = matching(job, results, DeliveryOutcome.Bounced.class);
    return bounced.isEmpty()
        ? null
        : new RelayDeliveryJob(job.queueId(), job.mailFrom(), job.nextHop(), bounced,
            job.options(), job.queuedAt(), job.attempts() + 1, job.content());
  }

  /**
   * The delivered recipients whose sender asked NOTIFY=SUCCESS of a server that did not announce
   * DSN: RFC 3461 §5.2.2 has us send the "relayed" notification, since nobody further on will. A
   * server with DSN got the NOTIFY request and owns the notification (§5.2.1). Null when none.
   */
  public static RelayDeliveryJob deliveredOf(RelayDeliveryJob job, List<DeliveryResult> results) {
    if (job.mailFrom().isEmpty()) {
      return null; // RFC 5321 §4.5.5: no notification is ever sent to the null sender
    }
    List<RelayDeliveryJob.Recipient> told = new ArrayList<>();
    for (RelayDeliveryJob.Recipient r : job.recipients()) {
      for (DeliveryResult result : results) {
        if (result.recipient().equals(r.address()) && result.outcome() instanceof DeliveryOutcome.Delivered
            && !result.facts().remoteDsn() && job.options().asked(EsmtpOptions.Notify.SUCCESS, r.originalRecipient())) {
          told.add(r);
          break;
        }
      }
    }
    return told.isEmpty()
        ? null
        : new RelayDeliveryJob(job.queueId(), job.mailFrom(), job.nextHop(), told,
            job.options(), job.queuedAt(), job.attempts() + 1, job.content());
  }

  private static List<RelayDeliveryJob.Recipient> matching(RelayDeliveryJob job, List<DeliveryResult> results,
      Class<? extends DeliveryOutcome> kind) {
    List<RelayDeliveryJob.Recipient> found = new ArrayList<>();
    for (RelayDeliveryJob.Recipient r : job.recipients()) {
      for (DeliveryResult result : results) {
        if (result.recipient().equals(r.address()) && kind.isInstance(result.outcome())) {
          found.add(r);
          break;
        }
      }
    }
    return found;
  }
}
