package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.RelayDeliveryJob;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a job that must be tried again: its deferred recipients, one attempt older. It goes to
 * queue-manager's deferred queue (on the results topic) in the same batch as the results, so a
 * deferred recipient is in Kafka before the job's offset is committed and never simply dropped.
 */
public final class DeferredRecipients {
  private DeferredRecipients() {}

  /** The job to retry, or null when no recipient was deferred. */
  public static RelayDeliveryJob retryOf(RelayDeliveryJob job, List<DeliveryResult> results) {
    List<RelayDeliveryJob.Recipient> deferred = new ArrayList<>();
    for (RelayDeliveryJob.Recipient r : job.recipients()) {
      for (DeliveryResult result : results) {
        if (result.recipient().equals(r.address()) && result.outcome() instanceof DeliveryOutcome.Deferred) {
          deferred.add(r);
          break;
        }
      }
    }
    if (deferred.isEmpty()) {
      return null;
    }
    return new RelayDeliveryJob(job.queueId(), job.mailFrom(), job.nextHop(), deferred, job.options(),
        job.queuedAt(), job.attempts() + 1, job.content());
  }
}
