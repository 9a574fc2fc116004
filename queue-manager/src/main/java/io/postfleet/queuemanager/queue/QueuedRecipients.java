package io.postfleet.queuemanager.queue;

import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the admin actions on deferred jobs (hold, release, requeue, delete) change in the queue view,
 * in the caller's transaction, so that the listing never disagrees with the deferred queue.
 */
public final class QueuedRecipients {
  private QueuedRecipients() {}

  /** postsuper -h / -H: the jobs' recipients show as held, or as deferred again. */
  public static void hold(String queueId, List<DeferredJob> jobs, boolean held) {
    entityManager().createNativeQuery("""
        update queued_recipient set state = :to
        where queue_id = :id and recipient = any(cast(:recipients as varchar[])) and state = :from""")
        .setParameter("to", (held ? RecipientState.HELD : RecipientState.DEFERRED).name())
        .setParameter("from", (held ? RecipientState.DEFERRED : RecipientState.HELD).name())
        .setParameter("id", queueId)
        .setParameter("recipients", recipientsOf(jobs))
        .executeUpdate();
  }

  /** postsuper -r: the message's deferred and held recipients start again from no attempt. */
  public static void requeue(String queueId) {
    entityManager().createNativeQuery("""
        update queued_recipient set state = 'DEFERRED', attempts = 0
        where queue_id = :id and state in ('DEFERRED', 'HELD')""")
        .setParameter("id", queueId)
        .executeUpdate();
  }

  /** postsuper -d: the jobs' recipients leave the queue, and the message with the last of them. */
  public static void delete(String queueId, List<DeferredJob> jobs) {
    EntityManager em = entityManager();
    em.createNativeQuery("""
        delete from queued_recipient where queue_id = :id and recipient = any(cast(:recipients as varchar[]))""")
        .setParameter("id", queueId)
        .setParameter("recipients", recipientsOf(jobs))
        .executeUpdate();
    em.createNativeQuery("""
        with finished as (
            delete from queued_message m where queue_id = :id and not exists (select 1 from queued_recipient r
                where r.queue_id = m.queue_id and r.state in ('IN_FLIGHT', 'DEFERRED', 'HELD'))
            returning queue_id)
        delete from queued_recipient r using finished where r.queue_id = finished.queue_id""")
        .setParameter("id", queueId)
        .executeUpdate();
  }

  /** A PostgreSQL array literal of the jobs' recipients, each element quoted (a local part may be). */
  private static String recipientsOf(List<DeferredJob> jobs) {
    return jobs.stream().flatMap(j -> Arrays.stream(j.recipients.split(",")))
        .map(r -> '"' + r.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static EntityManager entityManager() {
    return DeferredJob.getEntityManager();
  }
}
