package io.postfleet.queuemanager.deadletter.rest;

import io.postfleet.queuemanager.deadletter.DeadLetter;
import java.time.Instant;

/** One dead letter in the list: where it came from, who could not read it and why; not its bytes. */
public record DeadLetterDto(long id, String sourceTopic, int sourcePartition, long sourceOffset, String service,
    String error, String key, int size, Instant failedAt, Instant receivedAt) {

  static DeadLetterDto of(DeadLetter d) {
    return new DeadLetterDto(d.id, d.sourceTopic, d.sourcePartition, d.sourceOffset, d.service, d.error, d.key,
        d.size, d.failedAt, d.receivedAt);
  }
}
