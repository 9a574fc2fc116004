package io.postfleet.queuemanager.queue;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.WireFormat;
import java.util.List;

/**
 * A deferred pipe delivery is a local job in the deferred queue; its retries, delay warning and
 * expiry are those of a relay job with one recipient, so the queue speaks of it through that view.
 */
public final class PipeJobs {
  /** The next hop a deferred pipe job is queued under: one row per recipient and attempt. */
  public static final String NEXT_HOP = "pipe:";

  private PipeJobs() {}

  /** The job as the deferred queue's notices and expiry see it. */
  public static RelayDeliveryJob view(LocalDeliveryJob job) {
    return new RelayDeliveryJob(job.queueId(), job.mailFrom(), NEXT_HOP + job.mailbox(),
        List.of(new RelayDeliveryJob.Recipient(job.mailbox(), job.originalRecipient())), job.options(),
        job.queuedAt(), job.attempts(), job.content());
  }

  /** A deferred queue row's job, whichever kind it holds, seen as a relay job. */
  static RelayDeliveryJob decode(byte[] value) {
    return WireFormat.isLocalJob(value) ? view(WireFormat.decodeLocalJob(value)) : WireFormat.decodeRelayJob(value);
  }
}
