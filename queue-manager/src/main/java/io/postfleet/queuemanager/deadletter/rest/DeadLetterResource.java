package io.postfleet.queuemanager.deadletter.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.deadletter.DeadLetter;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The records consumers could not read and set aside on postfleet.dead-letters: list them newest
 * first, look at one with its bytes, delete one (audited, with a reason) once it is dealt with.
 */
@Path("/api/v1/queue/dead-letters")
public class DeadLetterResource {
  private final AuditLog audit;

  public DeadLetterResource(AuditLog audit) {
    this.audit = audit;
  }

  @RolesAllowed(Roles.READER)
  @GET
  public Page<DeadLetterDto> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
    return Page.of(DeadLetter.<DeadLetter>findAll(Sort.descending("receivedAt", "id")), page, size, DeadLetterDto::of);
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{id}")
  public DeadLetterDetailDto get(@PathParam("id") long id) {
    return DeadLetterDetailDto.of(find(id));
  }

  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{id}")
  @Transactional
  public Response delete(@PathParam("id") long id, @QueryParam("reason") String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting a dead letter needs a reason: ?reason=");
    }
    DeadLetter deadLetter = find(id);
    deadLetter.delete();
    audit.deleted("dead-letter", Long.toString(id),
        Map.of("deadLetter", DeadLetterDto.of(deadLetter), "reason", reason));
    return Response.noContent().build();
  }

  private static DeadLetter find(long id) {
    DeadLetter deadLetter = DeadLetter.findById(id);
    if (deadLetter == null) {
      throw ApiProblem.notFound("dead letter", Long.toString(id));
    }
    return deadLetter;
  }
}
