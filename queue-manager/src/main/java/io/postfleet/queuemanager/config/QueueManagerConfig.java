package io.postfleet.queuemanager.config;

import io.postfleet.kafka.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every setting of queue-manager; environment variables override them (POSTFLEET_ADMIN_TOKEN, ...). */
@ConfigMapping(prefix = "postfleet")
public interface QueueManagerConfig {

  /** Postfix's myhostname: the reporting MTA of delivery status notifications. */
  @WithDefault("${HOSTNAME:localhost}")
  String hostname();

  /**
   * Who gets bounces that bounced (double_bounce_notice_recipient): an address, or the bare
   * {@code postmaster}, which reaches the postmaster address of /api/v1/settings.
   */
  @WithDefault("postmaster")
  String postmaster();

  /** The admin API. */
  Admin admin();

  /** The recipient maps snapshot. */
  Maps maps();

  /** The Kafka consumers and producer. */
  Queue queue();

  /**
   * The Kafka consumers' handling of a record that fails: its tries before it is set aside on
   * postfleet.dead-letters, the pauses between them, and when a consumer whose oldest uncommitted
   * record waits longer is reported unready.
   */
  Consumers consumers();

  /** DKIM signing keys managed through /api/v1/dkim-keys. */
  Dkim dkim();

  interface Admin {
    /** Bearer token every /api request must carry; there is no default, so no deployment runs open. */
    String token();
  }

  interface Maps {
    /** How often the maps change counter is polled; changes reach routing within this time. */
    @WithDefault("500ms")
    Duration refreshInterval();
  }

  interface Dkim {
    /**
     * Base64 of 32 random bytes that seal stored private keys (AES-256-GCM), from the Secret that
     * outbound-relay reads too; absent: keys can only be registered as mounted files.
     */
    Optional<String> masterKey();
  }

  interface Queue {
    /** Longest wait for Kafka to acknowledge the records of one batch before it is retried. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Records per poll of postfleet.inbound, postfleet.delivery.results and postfleet.dead-letters. */
    @WithDefault("200")
    int maxPollRecords();

    /** The first retry of a deferred recipient comes this long after (minimal_backoff_time). */
    @WithDefault("300s")
    Duration minimalBackoff();

    /** Retries are never further apart than this (maximal_backoff_time). */
    @WithDefault("4000s")
    Duration maximalBackoff();

    /** A message still undelivered this long after arrival is bounced (maximal_queue_lifetime). */
    @WithDefault("5d")
    Duration maximalLifetime();

    /** A bounce (null sender) still undelivered this long after arrival is given up (bounce_queue_lifetime). */
    @WithDefault("5d")
    Duration bounceLifetime();

    /**
     * The sender is warned once when a message has been deferred this long (delay_warning_time); 0 is
     * off, except for recipients whose NOTIFY asks for DELAY, who are warned at the first deferral.
     */
    @WithDefault("0s")
    Duration delayWarningTime();

    /** How often the deferred queue is scanned for jobs that are due. */
    @WithDefault("1s")
    Duration schedulerInterval();
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
