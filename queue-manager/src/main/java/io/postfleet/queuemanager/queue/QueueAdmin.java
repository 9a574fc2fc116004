package io.postfleet.queuemanager.queue;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.audit.AuditLog;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * postqueue and postsuper on the deferred queue: flush, hold, release, requeue and delete, of one
 * message or of every job to a next hop. Each change locks the jobs it touches, keeps the queue view
 * ({@link QueuedRecipients}) in step and is audited, all in one transaction.
 */
@ApplicationScoped
public class QueueAdmin {
  private static final String RESOURCE = "queue";
  private final AuditLog audit;

  public QueueAdmin(AuditLog audit) {
    this.audit = audit;
  }

  /** The message's deferred jobs, unlocked, for reading. */
  public List<QueueEntryDto> entries(String queueId) {
    List<DeferredJob> jobs = DeferredJob.list("queueId", Sort.by("id"), queueId);
    if (jobs.isEmpty()) {
      throw ApiProblem.notFound("deferred message", queueId);
    }
    return entries(jobs);
  }

  /** postqueue -i: try this message's deferred recipients now. */
  @Transactional
  public List<QueueEntryDto> flush(String queueId) {
    List<DeferredJob> jobs = lockedFind(queueId);
    jobs.forEach(j -> j.nextAttemptAt = Instant.now());
    audit.updated(RESOURCE, queueId, null, Map.of("action", "flush"));
    return entries(jobs);
  }

  /** postqueue -f, or postqueue -s for one next hop (null: all): everything not held is due now. */
  @Transactional
  public long flushAll(String nextHop) {
    long count = nextHop == null
        ? DeferredJob.update("nextAttemptAt = ?1 where held = false", Instant.now())
        : DeferredJob.update("nextAttemptAt = ?1 where held = false and nextHop = ?2", Instant.now(), hop(nextHop));
    audit.updated(RESOURCE, nextHop == null ? "*" : nextHop, null, Map.of("action", "flush", "jobs", count));
    return count;
  }

  /** postsuper -h or -H: held jobs stay in the queue, untried, until released. */
  @Transactional
  public List<QueueEntryDto> setHeld(String queueId, boolean held) {
    List<DeferredJob> jobs = lockedFind(queueId);
    jobs.forEach(j -> j.held = held);
    QueuedRecipients.hold(queueId, jobs, held);
    audit.updated(RESOURCE, queueId, null, Map.of("action", held ? "hold" : "release"));
    return entries(jobs);
  }

  /** postsuper -h ALL or -H ALL, or only the jobs for one next hop (null: all); how many changed. */
  @Transactional
  public long setHeldAll(String nextHop, boolean held) {
    List<DeferredJob> jobs = (nextHop == null
        ? DeferredJob.<DeferredJob>find("held = ?1", Sort.by("id"), !held)
        : DeferredJob.<DeferredJob>find("held = ?1 and nextHop = ?2", Sort.by("id"), !held, hop(nextHop)))
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    jobs.forEach(j -> j.held = held);
    byMessage(jobs).forEach((queueId, ofMessage) -> QueuedRecipients.hold(queueId, ofMessage, held));
    audit.updated(RESOURCE, nextHop == null ? "*" : nextHop, null,
        Map.of("action", held ? "hold" : "release", "jobs", jobs.size()));
    return jobs.size();
  }

  /**
   * postsuper -r: the message's deferred recipients, held ones included, start over as if never
   * tried (attempt count 0, so the backoff starts again from its minimum) and are sent now by the
   * deferred queue scanner, as a flush sends them.
   */
  @Transactional
  public List<QueueEntryDto> requeue(String queueId) {
    List<DeferredJob> jobs = lockedFind(queueId);
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
    audit.updated(RESOURCE, queueId, null, Map.of("action", "requeue"));
    return entries(jobs);
  }

  /** postsuper -d: the message's deferred recipients are dropped, with the reason in the audit log. */
  @Transactional
  public void delete(String queueId, String reason) {
    List<DeferredJob> jobs = lockedFind(queueId);
    List<QueueEntryDto> before = entries(jobs);
    QueuedRecipients.delete(queueId, jobs);
    DeferredJob.delete("queueId", queueId);
    audit.deleted(RESOURCE, queueId, Map.of("entries", before, "reason", reason));
  }

  /** postsuper -d for every deferred job to one next hop; how many were dropped. */
  @Transactional
  public long deleteAll(String nextHop, String reason) {
    List<DeferredJob> jobs = DeferredJob.<DeferredJob>find("nextHop", Sort.by("id"), hop(nextHop))
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    Map<String, List<DeferredJob>> byMessage = byMessage(jobs);
    byMessage.forEach(QueuedRecipients::delete);
    DeferredJob.delete("nextHop", hop(nextHop));
    audit.deleted(RESOURCE, nextHop, Map.of("messages", byMessage.keySet(), "reason", reason));
    return jobs.size();
  }

  /**
   * The message's jobs, locked (FOR UPDATE) for the rest of the transaction. The scanner takes due
   * rows with SKIP LOCKED and deletes them once resent: with the lock the two wait for each other,
   * and a job the scanner has just resent is simply gone (404) instead of an update of a deleted row.
   */
  private static List<DeferredJob> lockedFind(String queueId) {
    List<DeferredJob> jobs = DeferredJob.<DeferredJob>find("queueId", Sort.by("id"), queueId)
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    if (jobs.isEmpty()) {
      throw ApiProblem.notFound("deferred message", queueId);
    }
    return jobs;
  }

  private static Map<String, List<DeferredJob>> byMessage(List<DeferredJob> jobs) {
    return jobs.stream().collect(Collectors.groupingBy(j -> j.queueId, LinkedHashMap::new, Collectors.toList()));
  }

  private static List<QueueEntryDto> entries(List<DeferredJob> jobs) {
    return jobs.stream().map(QueueEntryDto::of).toList();
  }

  /** Next hops are stored in lower case. */
  private static String hop(String nextHop) {
    return nextHop.toLowerCase(Locale.ROOT);
  }
}
