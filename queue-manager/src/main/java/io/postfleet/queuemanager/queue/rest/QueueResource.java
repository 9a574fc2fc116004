package io.postfleet.queuemanager.queue.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.queue.QueueAdmin;
import io.postfleet.queuemanager.queue.QueueEntryDto;
import io.postfleet.queuemanager.queue.QueueFilter;
import io.postfleet.queuemanager.queue.QueueView;
import io.postfleet.queuemanager.queue.RecipientState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * mailq, qshape, postqueue -f, postsuper -h/-H/-d: the queue listed with filters and counted per
 * state and domain; deferred jobs flushed (retry now), held, released and deleted (audited, with a
 * reason) by {@link QueueAdmin}.
 */
@Path("/api/v1/queue")
public class QueueResource {
  private static final List<String> STATES = RecipientState.WAITING.stream().map(Enum::name).toList();
  private final QueueAdmin queue;
  private final QueueView view;

  public QueueResource(QueueAdmin queue, QueueView view) {
    this.queue = queue;
    this.view = view;
  }

  /**
   * mailq: messages with deferred, held or in-flight recipients, oldest first, each with the
   * recipients that match every filter given; {@code state} may repeat.
   */
  @RolesAllowed(Roles.READER)
  @GET
  public Page<QueueView.ListedMessage> list(@QueryParam("state") List<String> states,
      @QueryParam("sender") String sender, @QueryParam("recipient") String recipient,
      @QueryParam("domain") String domain, @QueryParam("minAge") String minAge, @QueryParam("maxAge") String maxAge,
      @QueryParam("error") String error, @QueryParam("page") Integer page, @QueryParam("size") Integer size)
      throws SQLException {
    return view.list(new QueueFilter(states(states), sender, recipient, domain, age("minAge", minAge),
        age("maxAge", maxAge), error), Page.number(page), Page.size(size));
  }

  /** qshape: waiting recipients per state and per destination domain, one query, cheap enough to poll. */
  @RolesAllowed(Roles.READER)
  @GET
  @Path("summary")
  public QueueView.Summary summary() throws SQLException {
    return view.summary();
  }

  @RolesAllowed(Roles.READER)
  @GET
  @Path("{queueId}")
  public List<QueueEntryDto> get(@PathParam("queueId") String queueId) {
    return queue.entries(queueId);
  }

  /** postqueue -i: try this message's deferred recipients now. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/flush")
  public List<QueueEntryDto> flush(@PathParam("queueId") String queueId) {
    return queue.flush(queueId);
  }

  /** postqueue -f, or postqueue -s for one next hop: everything due now. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("flush")
  public Map<String, Long> flushAll(@QueryParam("nextHop") String nextHop) {
    return Map.of("flushed", queue.flushAll(nextHop));
  }

  /** postsuper -h ALL, or only the jobs for one next hop. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("hold")
  public Map<String, Long> holdAll(@QueryParam("nextHop") String nextHop) {
    return Map.of("held", queue.setHeldAll(nextHop, true));
  }

  /** postsuper -H ALL, or only the jobs for one next hop. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("release")
  public Map<String, Long> releaseAll(@QueryParam("nextHop") String nextHop) {
    return Map.of("released", queue.setHeldAll(nextHop, false));
  }

  /** postsuper -d for every deferred job to one next hop, with the reason in the audit log. */
  @RolesAllowed(Roles.ADMIN)
  @DELETE
  public Map<String, Long> deleteAll(@QueryParam("nextHop") String nextHop, @QueryParam("reason") String reason) {
    if (nextHop == null || reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting mail of a destination needs ?nextHop= and ?reason=");
    }
    return Map.of("deleted", queue.deleteAll(nextHop, reason));
  }

  /** postsuper -h: keep it in the queue, untried, until released. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/hold")
  public List<QueueEntryDto> hold(@PathParam("queueId") String queueId) {
    return queue.setHeld(queueId, true);
  }

  /** postsuper -H. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/release")
  public List<QueueEntryDto> release(@PathParam("queueId") String queueId) {
    return queue.setHeld(queueId, false);
  }

  /** postsuper -d: the message's deferred recipients are dropped, with the reason in the audit log. */
  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{queueId}")
  public Response delete(@PathParam("queueId") String queueId, @QueryParam("reason") String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting mail needs a reason: ?reason=");
    }
    queue.delete(queueId, reason);
    return Response.noContent().build();
  }

  private static Set<RecipientState> states(List<String> states) {
    if (states == null || states.isEmpty()) {
      return RecipientState.WAITING;
    }
    Set<RecipientState> wanted = EnumSet.noneOf(RecipientState.class);
    for (String state : states) {
      RecipientState parsed = parseState(state);
      if (parsed == null || !RecipientState.WAITING.contains(parsed)) {
        throw ApiProblem.invalidParameter("state", "state must be IN_FLIGHT, DEFERRED or HELD (delivered and bounced"
            + " mail has left the queue), not " + state, STATES);
      }
      wanted.add(parsed);
    }
    return wanted;
  }

  private static RecipientState parseState(String state) {
    try {
      return RecipientState.parse(state);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Duration age(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return QueueFilter.age(value);
    } catch (RuntimeException e) {
      throw ApiProblem.invalidParameter(name, name + " must be a duration such as 30s, 10m, 2h, 1d or PT1H", null);
    }
  }
}
