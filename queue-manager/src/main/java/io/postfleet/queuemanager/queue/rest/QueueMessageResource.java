package io.postfleet.queuemanager.queue.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.queue.QueueAdmin;
import io.postfleet.queuemanager.queue.QueueEntryDto;
import io.postfleet.queuemanager.queue.QueuedMessageDetails;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.SQLException;
import java.util.List;

/** One message in the queue: postcat's view of it, and postsuper -r. */
@Path("/api/v1/queue/messages/{queueId}")
public class QueueMessageResource {
  private final QueuedMessageDetails details;
  private final QueueAdmin queue;

  public QueueMessageResource(QueuedMessageDetails details, QueueAdmin queue) {
    this.details = details;
    this.queue = queue;
  }

  /** Envelope, header section, and each recipient's state, attempts, last reply and next try. */
  @RolesAllowed(Roles.READER)
  @GET
  public QueuedMessageDetails.Message get(@PathParam("queueId") String queueId) throws SQLException {
    return details.find(queueId).orElseThrow(() -> ApiProblem.notFound("queued message", queueId));
  }

  /**
   * postsuper -r: the message's deferred recipients, held ones included, start over as if never
   * tried and are sent now.
   */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("requeue")
  public List<QueueEntryDto> requeue(@PathParam("queueId") String queueId) {
    return queue.requeue(queueId);
  }
}
