package io.postfleet.queuemanager.queue.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.admin.Roles;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.queue.DeferredJob;
import io.postfleet.queuemanager.queue.QueueFilter;
import io.postfleet.queuemanager.queue.QueueView;
import io.postfleet.queuemanager.queue.QueuedRecipients;
import io.postfleet.queuemanager.queue.RecipientState;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * mailq, qshape, postqueue -f, postsuper -h/-H/-d: the queue listed with filters and counted per
 * state and domain; deferred jobs flushed (retry now), held, released and deleted (audited, with a
 * reason).
 */
@Path("/api/v1/queue")
public class QueueResource {
  private final AuditLog audit;
  private final QueueView view;

  public QueueResource(AuditLog audit, QueueView view) {
    this.audit = audit;
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
    int p = page == null ? 0 : page;
    int s = size == null ? Page.DEFAULT_SIZE : size;
    if (p < 0 || s < 1 || s > Page.MAX_SIZE) {
      throw ApiProblem.invalid("page must be 0 or more and size between 1 and " + Page.MAX_SIZE);
    }
    return view.list(new QueueFilter(states(states), sender, recipient, domain, age("minAge", minAge),
        age("maxAge", maxAge), error), p, s);
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
    return find(queueId).stream().map(QueueEntryDto::of).toList();
  }

  /** postqueue -i: try this message's deferred recipients now. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/flush")
  @Transactional
  public List<QueueEntryDto> flush(@PathParam("queueId") String queueId) {
    List<DeferredJob> jobs = lockedFind(queueId);
    jobs.forEach(j -> j.nextAttemptAt = Instant.now());
    audit.updated("queue", queueId, null, Map.of("action", "flush"));
    return jobs.stream().map(QueueEntryDto::of).toList();
  }

  /** postqueue -f, or postqueue -s for one next hop: everything due now. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("flush")
  @Transactional
  public Map<String, Long> flushAll(@QueryParam("nextHop") String nextHop) {
    long count = nextHop == null
        ? DeferredJob.update("nextAttemptAt = ?1 where held = false", Instant.now())
        : DeferredJob.update("nextAttemptAt = ?1 where held = false and nextHop = ?2", Instant.now(), nextHop.toLowerCase(Locale.ROOT));
    audit.updated("queue", nextHop == null ? "*" : nextHop, null, Map.of("action", "flush", "jobs", count));
    return Map.of("flushed", count);
  }

  /** postsuper -h ALL, or only the jobs for one next hop. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("hold")
  @Transactional
  public Map<String, Long> holdAll(@QueryParam("nextHop") String nextHop) {
    return setHeldAll(nextHop, true);
  }

  /** postsuper -H ALL, or only the jobs for one next hop. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("release")
  @Transactional
  public Map<String, Long> releaseAll(@QueryParam("nextHop") String nextHop) {
    return setHeldAll(nextHop, false);
  }

  /** postsuper -d for every deferred job to one next hop, with the reason in the audit log. */
  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Transactional
  public Map<String, Long> deleteAll(@QueryParam("nextHop") String nextHop, @QueryParam("reason") String reason) {
    if (nextHop == null || reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting mail of a destination needs ?nextHop= and ?reason=");
    }
    List<DeferredJob> jobs = DeferredJob.<DeferredJob>find("nextHop", Sort.by("id"), nextHop.toLowerCase(Locale.ROOT))
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    Map<String, List<DeferredJob>> byMessage = byMessage(jobs);
    byMessage.forEach(QueuedRecipients::delete);
    DeferredJob.delete("nextHop", nextHop.toLowerCase(Locale.ROOT));
    audit.deleted("queue", nextHop, Map.of("messages", byMessage.keySet(), "reason", reason));
    return Map.of("deleted", (long) jobs.size());
  }

  /** postsuper -h: keep it in the queue, untried, until released. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/hold")
  @Transactional
  public List<QueueEntryDto> hold(@PathParam("queueId") String queueId) {
    return setHeld(queueId, true);
  }

  /** postsuper -H. */
  @RolesAllowed(Roles.ADMIN)
  @POST
  @Path("{queueId}/release")
  @Transactional
  public List<QueueEntryDto> release(@PathParam("queueId") String queueId) {
    return setHeld(queueId, false);
  }

  /** postsuper -d: the message's deferred recipients are dropped, with the reason in the audit log. */
  @RolesAllowed(Roles.ADMIN)
  @DELETE
  @Path("{queueId}")
  @Transactional
  public Response delete(@PathParam("queueId") String queueId, @QueryParam("reason") String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting mail needs a reason: ?reason=");
    }
    List<DeferredJob> jobs = lockedFind(queueId);
    List<QueueEntryDto> before = jobs.stream().map(QueueEntryDto::of).toList();
    QueuedRecipients.delete(queueId, jobs);
    DeferredJob.delete("queueId", queueId);
    audit.deleted("queue", queueId, Map.of("entries", before, "reason", reason));
    return Response.noContent().build();
  }

  private List<QueueEntryDto> setHeld(String queueId, boolean held) {
    List<DeferredJob> jobs = lockedFind(queueId);
    jobs.forEach(j -> j.held = held);
    QueuedRecipients.hold(queueId, jobs, held);
    audit.updated("queue", queueId, null, Map.of("action", held ? "hold" : "release"));
    return jobs.stream().map(QueueEntryDto::of).toList();
  }

  private Map<String, Long> setHeldAll(String nextHop, boolean held) {
    List<DeferredJob> jobs = (nextHop == null
        ? DeferredJob.<DeferredJob>find("held = ?1", Sort.by("id"), !held)
        : DeferredJob.<DeferredJob>find("held = ?1 and nextHop = ?2", Sort.by("id"), !held, nextHop.toLowerCase(Locale.ROOT)))
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    jobs.forEach(j -> j.held = held);
    byMessage(jobs).forEach((queueId, ofMessage) -> QueuedRecipients.hold(queueId, ofMessage, held));
    audit.updated("queue", nextHop == null ? "*" : nextHop, null,
        Map.of("action", held ? "hold" : "release", "jobs", jobs.size()));
    return Map.of(held ? "held" : "released", (long) jobs.size());
  }

  private static Map<String, List<DeferredJob>> byMessage(List<DeferredJob> jobs) {
    return jobs.stream().collect(Collectors.groupingBy(j -> j.queueId, LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * The message's jobs, locked (FOR UPDATE) for the rest of the transaction. The scanner takes due
   * rows with SKIP LOCKED and deletes them once resent: with the lock the two wait for each other,
   * and a job the scanner has just resent is simply gone (404) instead of an update of a deleted row.
   */
  static List<DeferredJob> lockedFind(String queueId) {
    List<DeferredJob> jobs = DeferredJob.<DeferredJob>find("queueId", Sort.by("id"), queueId)
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    if (jobs.isEmpty()) {
      throw ApiProblem.notFound("deferred message", queueId);
    }
    return jobs;
  }

  private static List<DeferredJob> find(String queueId) {
    List<DeferredJob> jobs = DeferredJob.list("queueId", Sort.by("id"), queueId);
    if (jobs.isEmpty()) {
      throw ApiProblem.notFound("deferred message", queueId);
    }
    return jobs;
  }

  private static Set<RecipientState> states(List<String> states) {
    if (states == null || states.isEmpty()) {
      return RecipientState.WAITING;
    }
    Set<RecipientState> wanted = EnumSet.noneOf(RecipientState.class);
    for (String state : states) {
      RecipientState parsed = parseState(state);
      if (parsed == null || !RecipientState.WAITING.contains(parsed)) {
        throw ApiProblem.invalid("state must be IN_FLIGHT, DEFERRED or HELD (delivered and bounced mail has left "
            + "the queue), not " + state);
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
      throw ApiProblem.invalid(name + " must be a duration such as 30s, 10m, 2h, 1d or PT1H");
    }
  }
}
