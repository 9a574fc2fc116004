package io.postfleet.localdelivery.config;

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

  /** How the commands of PIPE transports are run (Postfix pipe(8)). */
  Pipe pipe();

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
