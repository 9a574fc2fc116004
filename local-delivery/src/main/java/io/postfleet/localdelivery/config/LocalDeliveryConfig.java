package io.postfleet.localdelivery.config;

import io.postfleet.kafka.RetryPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of local-delivery; environment variables override them (POSTFLEET_MAILDIR_ROOT, ...). */
@ConfigMapping(prefix = "postfleet")
public interface LocalDeliveryConfig {

  /** Where mailboxes live. */
  Maildir maildir();

  /** How deliveries are consumed and reported. */
  Delivery delivery();

  /** How mbox mailboxes are locked (Postfix's {@code mailbox_delivery_lock = fcntl, dotlock}). */
  Mbox mbox();

  /**
   * The Kafka consumers' handling of a record that fails: its tries before it is set aside on
   * postfleet.dead-letters, the pauses between them, and when a consumer whose oldest uncommitted
   * record waits longer is reported unready.
   */
  Consumers consumers();

  /** How the commands of PIPE transports are run (Postfix pipe(8)). */
  Pipe pipe();

  interface Maildir {
    /**
     * Root of the shared volume: a mailbox's home is {@code <root>/<domain>/<localpart>/}, holding
     * {@code Maildir/} or, for an mbox mailbox, {@code Mailbox} (Postfix's {@code home_mailbox}).
     */
    Path root();
  }

  interface Mbox {
    /** Tries to get a mailbox's dot lock before the delivery is retried later (deliver_lock_attempts). */
    @WithDefault("20")
    int lockAttempts();

    /** Wait between two tries (deliver_lock_delay). */
    @WithDefault("1s")
    Duration lockDelay();

    /** A {@code .lock} file older than this was left by a crashed writer and is removed (stale_lock_time). */
    @WithDefault("500s")
    Duration staleLockTime();
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

    /**
     * A pause before each file is written, for bench/scale.sh only (no Postfix parameter): it makes
     * every delivery take at least this long, so that adding instances shows how throughput grows
     * with them rather than with the machine's two cores. 0 (the default) in every real use.
     */
    @WithDefault("0s")
    Duration benchDelay();
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

  interface Pipe {
    /**
     * How long a command may run before it and what it started are killed and the recipient is
     * deferred; Postfix's {@code command_time_limit} (pipe's {@code transport_time_limit}).
     */
    @WithDefault("1000s")
    Duration commandTimeLimit();

    /**
     * The user commands run as, {@code name} or {@code name:group}; Postfix pipe(8)'s {@code user=}.
     * Switching needs local-delivery to run as root; unset, commands run as local-delivery does.
     */
    Optional<String> user();

    /** What {@code ${sender}} is for the null sender; pipe(8)'s {@code null_sender=}. */
    @WithDefault("MAILER-DAEMON")
    String nullSender();
  }
}
