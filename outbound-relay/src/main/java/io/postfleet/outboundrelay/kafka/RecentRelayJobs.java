package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.RelayDeliveryJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relay jobs this pod took up lately, so that a copy of one is not sent to the remote again.
 * Copies come when queue-manager or the Kafka broker fail between publishing a message's jobs and
 * committing the inbound record they came from: the message is routed a second time, into the
 * same jobs, which reach the same pod (same key, same partition). Only a crash of this pod inside
 * a delivery can still send a message twice, as with any MTA.
 */
final class RecentRelayJobs {
  /** A few minutes of heavy traffic; at about 200 bytes a key, some 20 MB at most. */
  static final int REMEMBERED = 100_000;

  private final Map<String, Boolean> taken;

  RecentRelayJobs(int remembered) {
    this.taken = new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > remembered;
      }
    };
  }

  /** True if this job is new to this pod (and is now taken); false for a copy. */
  synchronized boolean take(RelayDeliveryJob job) {
    return taken.putIfAbsent(key(job), Boolean.TRUE) == null;
  }

  /** The job's work was not durable: its batch comes again, and then it must be delivered. */
  synchronized void giveBack(RelayDeliveryJob job) {
    taken.remove(key(job));
  }

  /**
   * A queue id's content never changes, so these fields name a job; a retry from the deferred
   * queue carries a higher attempt count and is a new job.
   */
  private static String key(RelayDeliveryJob job) {
    StringBuilder key = new StringBuilder(job.queueId()).append('|').append(job.nextHop()).append('|')
        .append(job.attempts());
    job.recipients().forEach(r -> key.append('|').append(r.address()));
    return key.toString();
  }
}
