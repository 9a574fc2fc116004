package io.postfleet.queuemanager.queue;

import java.time.Instant;
import java.util.List;

/** One deferred job in the queue listing: mailq's line, with the reason of the last deferral. */
public record QueueEntryDto(String queueId, String sender, String nextHop, List<String> recipients, int attempts,
    Instant queuedAt, Instant nextAttemptAt, String lastError, boolean held) {

  public static QueueEntryDto of(DeferredJob j) {
    return new QueueEntryDto(j.queueId, j.sender, j.nextHop, List.of(j.recipients.split(",")), j.attempts,
        j.queuedAt, j.nextAttemptAt, j.lastError, j.held);
  }
}
