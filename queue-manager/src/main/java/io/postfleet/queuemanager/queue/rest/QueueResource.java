package io.postfleet.queuemanager.queue.rest;

import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Page;
import io.postfleet.queuemanager.audit.AuditLog;
import io.postfleet.queuemanager.deadletter.DeadLetter;
import io.postfleet.queuemanager.queue.DeferredJob;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mailq, postqueue -f, postsuper -h/-H/-d over the deferred queue: list with filters, counts per
 * destination, flush (retry now), hold, release and delete (audited, with a reason).
 */
@Path("/api/v1/queue")
public class QueueResource {
  private final AuditLog audit;

  public QueueResource(AuditLog audit) {
    this.audit = audit;
  }

  /**
   * Counts for dashboards: everything deferred, what is held, the deferred jobs per next hop, and the
   * dead letters (records no consumer could read, see /dead-letters).
   */
  public record QueueSummary(long deferred, long held, Map<String, Long> byNextHop, long deadLetters) {}

  @GET
  public Page<QueueEntryDto> list(@QueryParam("sender") String sender, @QueryParam("recipient") String recipient,
      @QueryParam("nextHop") String nextHop, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
    StringBuilder query = new StringBuilder("1 = 1");
    Parameters params = new Parameters();
    if (sender != null) {
      query.append(" and lower(sender) = :sender");
      params.and("sender", sender.toLowerCase());
    }
    if (recipient != null) {
      query.append(" and recipients like :recipient");
      params.and("recipient", "%" + recipient.toLowerCase() + "%");
    }
    if (nextHop != null) {
      query.append(" and nextHop = :nextHop");
      params.and("nextHop", nextHop.toLowerCase());
    }
    return Page.of(DeferredJob.<DeferredJob>find(query.toString(), Sort.by("queuedAt"), params), page, size,
        QueueEntryDto::of);
  }

  @GET
  @Path("summary")
  public QueueSummary summary() {
    Map<String, Long> byHop = new LinkedHashMap<>();
    for (Object[] row : DeferredJob.getEntityManager().createQuery(
        "select nextHop, count(*) from DeferredJob group by nextHop order by count(*) desc", Object[].class)
        .getResultList()) {
      byHop.put((String) row[0], (Long) row[1]);
    }
    return new QueueSummary(DeferredJob.count(), DeferredJob.count("held", true), byHop, DeadLetter.count());
  }

  @GET
  @Path("{queueId}")
  public List<QueueEntryDto> get(@PathParam("queueId") String queueId) {
    return find(queueId).stream().map(QueueEntryDto::of).toList();
  }

  /** postqueue -i: try this message's deferred recipients now. */
  @POST
  @Path("{queueId}/flush")
  @Transactional
  public List<QueueEntryDto> flush(@PathParam("queueId") String queueId) {
    List<DeferredJob> jobs = find(queueId);
    jobs.forEach(j -> j.nextAttemptAt = Instant.now());
    audit.updated("queue", queueId, null, Map.of("action", "flush"));
    return jobs.stream().map(QueueEntryDto::of).toList();
  }

  /** postqueue -f, or postqueue -s for one next hop: everything due now. */
  @POST
  @Path("flush")
  @Transactional
  public Map<String, Long> flushAll(@QueryParam("nextHop") String nextHop) {
    long count = nextHop == null
        ? DeferredJob.update("nextAttemptAt = ?1 where held = false", Instant.now())
        : DeferredJob.update("nextAttemptAt = ?1 where held = false and nextHop = ?2", Instant.now(), nextHop.toLowerCase());
    audit.updated("queue", nextHop == null ? "*" : nextHop, null, Map.of("action", "flush", "jobs", count));
    return Map.of("flushed", count);
  }

  /** postsuper -h: keep it in the queue, untried, until released. */
  @POST
  @Path("{queueId}/hold")
  @Transactional
  public List<QueueEntryDto> hold(@PathParam("queueId") String queueId) {
    return setHeld(queueId, true);
  }

  /** postsuper -H. */
  @POST
  @Path("{queueId}/release")
  @Transactional
  public List<QueueEntryDto> release(@PathParam("queueId") String queueId) {
    return setHeld(queueId, false);
  }

  /** postsuper -d: the message's deferred recipients are dropped, with the reason in the audit log. */
  @DELETE
  @Path("{queueId}")
  @Transactional
  public Response delete(@PathParam("queueId") String queueId, @QueryParam("reason") String reason) {
    if (reason == null || reason.isBlank()) {
      throw ApiProblem.invalid("deleting mail needs a reason: ?reason=");
    }
    List<QueueEntryDto> before = find(queueId).stream().map(QueueEntryDto::of).toList();
    DeferredJob.delete("queueId", queueId);
    audit.deleted("queue", queueId, Map.of("entries", before, "reason", reason));
    return Response.noContent().build();
  }

  private List<QueueEntryDto> setHeld(String queueId, boolean held) {
    List<DeferredJob> jobs = find(queueId);
    jobs.forEach(j -> j.held = held);
    audit.updated("queue", queueId, null, Map.of("action", held ? "hold" : "release"));
    return jobs.stream().map(QueueEntryDto::of).toList();
  }

  private static List<DeferredJob> find(String queueId) {
    List<DeferredJob> jobs = DeferredJob.list("queueId", Sort.by("id"), queueId);
    if (jobs.isEmpty()) {
      throw ApiProblem.notFound("deferred message", queueId);
    }
    return jobs;
  }
}
