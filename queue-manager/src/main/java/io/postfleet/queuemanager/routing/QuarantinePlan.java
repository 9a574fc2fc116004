package io.postfleet.queuemanager.routing;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.QuarantineTarget;
import io.postfleet.queuemanager.queue.QuarantinedJobs;
import java.util.ArrayList;
import java.util.List;

/**
 * What becomes of a quarantined message's jobs: each local one goes where its recipient domain's
 * policy sends quarantined mail, held in the queue or delivered now into the mailbox's
 * {@value #JUNK} folder; relay jobs are always held, as no mailbox of ours could take them. With no
 * policy loaded every job is held, the choice that loses nothing.
 *
 * @param deliverNow the jobs to publish now, with the recipients routing refused
 * @param held the jobs to hold until an admin releases or deletes them
 */
record QuarantinePlan(RoutingPlan deliverNow, QuarantinedJobs.Held held) {
  /** The Maildir++ folder of junk mail, as IMAP clients name it. */
  static final String JUNK = ".Junk";

  static QuarantinePlan of(RoutingPlan plan, String reason, MailPolicy policy) {
    List<LocalDeliveryJob> junk = new ArrayList<>();
    List<LocalDeliveryJob> hold = new ArrayList<>();
    for (LocalDeliveryJob job : plan.localJobs()) {
      // The domain the client named at RCPT: the one whose policy smtp-ingress applied.
      String domain = job.originalRecipient().substring(job.originalRecipient().lastIndexOf('@') + 1);
      if (policy != null && policy.quarantine(domain) == QuarantineTarget.JUNK) {
        junk.add(new LocalDeliveryJob(job.queueId(), job.mailFrom(), job.mailbox(), job.originalRecipient(),
            job.options(), job.queuedAt(), job.content(), JUNK, job.quotaBytes()));
      } else {
        hold.add(job);
      }
    }
    return new QuarantinePlan(new RoutingPlan(junk, List.of(), plan.undeliverable()),
        new QuarantinedJobs.Held(reason, hold, plan.relayJobs()));
  }
}
