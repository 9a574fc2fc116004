package io.postfleet.localdelivery.config;

import io.postfleet.kafka.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Every setting of local-delivery; environment variables override them (POSTFLEET_MAILDIR_ROOT, ...). */
@ConfigMapping(prefix = "postfleet")
public interface LocalDeliveryConfig {

  /** Where mailboxes live. */
  Maildir maildir();

  /** How deliveries are consumed and reported. */
  Delivery delivery();

  /**
   * The Kafka consumers' handling of a record that fails: its tries before it is set aside on
   * postfleet.dead-letters, the pauses between them, and when a consumer whose oldest uncommitted
   * record waits longer is reported unready.
   */
  Consumers consumers();

  interface Maildir {
    /** Root of the shared volume: a mailbox is {@code <root>/<domain>/<localpart>/Maildir/}. */
    Path root();
  }

  interface Delivery {
    /** Files written (and fsynced) at the same time; fsync latency, not CPU, is what they overlap. */
    @WithDefault("8")
    int writerThreads();

    /** Records per poll of postfleet.delivery.local: the unit of one commit. */
    @WithDefault("200")
    int maxPollRecords();

    /** Longest wait for Kafka to acknowledge a batch's results before the batch is retried. */
    @WithDefault("30s")
    Duration sendTimeout();
  }

  interface Consumers {
    /**
     * Tries of a record that makes its handler fail (not transiently) before it is set aside as a
     * dead letter; Postfix moves an unreadable queue file to corrupt/ at the first failure.
     */
    @WithDefault("5")
    int maxAttempts();

    /** Pause after a record's first failure, doubled after each next one (Postfix's minimal_backoff_time, for a record). */
    @WithDefault("1s")
    Duration firstRetryPause();

    /** Longest pause between two tries of a failing record (Postfix's maximal_backoff_time, for a record). */
    @WithDefault("30s")
    Duration maxRetryPause();

    /**
     * Readiness goes down while a consumer's oldest uncommitted record waits longer than this (the
     * nearest in Postfix is daemon_timeout, after which a daemon stuck on one request is killed).
     */
    @WithDefault("5m")
    Duration stuckAfter();

    /** The tries and pauses as a consumer loop takes them. */
    static RetryPolicy retries(Consumers consumers) {
      return new RetryPolicy(consumers.maxAttempts(), consumers.firstRetryPause(), consumers.maxRetryPause());
    }
  }
}
