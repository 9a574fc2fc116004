package io.postfleet.queuemanager.results.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.results.DeliveryEntry;
import io.postfleet.queuemanager.results.DeliveryLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.SQLException;
import java.util.List;

/** What happened to each recipient of one message: the start of Postfleet's {@code postqueue -j}. */
@Path("/api/v1/messages/{queueId}/deliveries")
public class MessageDeliveriesResource {
  private final DeliveryLog log;

  public MessageDeliveriesResource(DeliveryLog log) {
    this.log = log;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public List<DeliveryEntry> list(@PathParam("queueId") String queueId) throws SQLException {
    List<DeliveryEntry> entries = log.forMessage(queueId);
    if (entries.isEmpty()) {
      throw ApiProblem.notFound("delivery record for message", queueId);
    }
    return entries;
  }
}
