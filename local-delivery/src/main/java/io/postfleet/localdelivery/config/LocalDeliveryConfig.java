package io.postfleet.localdelivery.config;

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

    /**
     * A pause before each file is written, for bench/scale.sh only (no Postfix parameter): it makes
     * every delivery take at least this long, so that adding instances shows how throughput grows
     * with them rather than with the machine's two cores. 0 (the default) in every real use.
     */
    @WithDefault("0s")
    Duration benchDelay();
  }
}
