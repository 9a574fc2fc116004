package io.postfleet.localdelivery.mailbox;

import io.postfleet.contract.LocalDeliveryJob;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Puts one message into one mailbox, in the mailbox's format (Maildir or mbox), durably and at most
 * once per job: a job replayed after a crash before the Kafka commit finds its earlier copy.
 */
public interface MailboxWriter {

  /**
   * @param mayBeRepeat whether this job's record may have been handled before (the consumer had it
   *     before a crash or a failed batch); a writer may skip its costlier duplicate checks otherwise
   * @throws IOException for a cause that may pass (disk full, volume gone, mailbox locked): the job is retried
   * @throws UndeliverableMailboxException for a job no file can ever hold: the job bounces; any
   *     other exception is unexpected and defers
   */
  Written write(LocalDeliveryJob job, boolean mayBeRepeat) throws IOException;

  /**
   * The result of one write.
   *
   * @param file the file holding the message (the mbox for mbox delivery)
   * @param created whether this call added the message, false when an earlier attempt had
   * @param directoryToSync a directory whose fsync makes the delivery durable, shared by a batch
   *     (Maildir's {@code new/}); null when the write is durable already (mbox)
   */
  record Written(Path file, boolean created, Path directoryToSync) {}
}
