package io.postfleet.queuemanager.queue.rest;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.queue.DeferredJob;
import io.postfleet.queuemanager.queue.QueuedMessageDetails;
import io.postfleet.queuemanager.queue.QueuedRecipients;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One message in the queue: postcat's view of it, and postsuper -r. */
@Path("/api/v1/queue/messages/{queueId}")
public class QueueMessageResource {
  private final QueuedMessageDetails details;
  private final AuditLog audit;

  public QueueMessageResource(QueuedMessageDetails details, AuditLog audit) {
    this.details = details;
    this.audit = audit;
  }

  /** Envelope, header section, and each recipient's state, attempts, last reply and next try. */
  @RolesAllowed(Roles.READER)
  @GET
  public QueuedMessageDetails.Message get(@PathParam("queueId") String queueId) throws SQLException {
    return details.find(queueId).orElseThrow(() -> ApiProblem.notFound("queued message", queueId));
  }

  /**
   * postsuper -r: the message's deferred recipients, held ones included, start over as if never
   * tried (attempt count 0, so the backoff starts again from its minimum) and are sent now by the
   * deferred queue scanner, as a flush sends them.
   */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("requeue")
  @Transactional
  public List<QueueEntryDto> requeue(@PathParam("queueId") String queueId) {
    List<DeferredJob> jobs = QueueResource.lockedFind(queueId);
    Instant now = Instant.now();
    for (DeferredJob j : jobs) {
      // A held local job (a quarantined message's) counts no attempts: it only needs releasing.
      if (!WireFormat.isLocalJob(j.job)) {
        RelayDeliveryJob job = WireFormat.decodeRelayJob(j.job);
        j.job = WireFormat.encode(new RelayDeliveryJob(job.queueId(), job.mailFrom(), job.nextHop(),
            job.recipients(), job.options(), job.queuedAt(), 0, job.content()));
      }
      j.attempts = 0;
      j.nextAttemptAt = now;
      j.held = false;
    }
    QueuedRecipients.requeue(queueId);
    audit.updated("queue", queueId, null, Map.of("action", "requeue"));
    return jobs.stream().map(QueueEntryDto::of).toList();
  }
}
