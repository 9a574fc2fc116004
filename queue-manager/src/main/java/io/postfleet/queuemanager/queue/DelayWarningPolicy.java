package io.postfleet.queuemanager.queue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob;
import java.time.Duration;
import java.time.Instant;

/**
 * Who is warned that a message is delayed, and from when: Postfix's delay_warning_time as the
 * default policy RFC 3461 §4.1 leaves to the MTA, an explicit NOTIFY obeyed as given (DELAY listed:
 * warned, from the first deferral if the default is off; DELAY absent or NEVER: not warned), and
 * never the null sender (RFC 5321 §4.5.5).
 */
public final class DelayWarningPolicy {
  private final Duration warningTime;

  /** @param warningTime delay_warning_time; zero turns the default off */
  public DelayWarningPolicy(Duration warningTime) {
    this.warningTime = warningTime;
  }

  /** Whether this recipient of the job is to be warned when its message is delayed. */
  public boolean wants(RelayDeliveryJob job, RelayDeliveryJob.Recipient recipient) {
    if (job.mailFrom().isEmpty()) {
      return false;
    }
    EsmtpOptions.RecipientDsn dsn = job.options().recipientDsn().get(recipient.originalRecipient());
    if (dsn != null && !dsn.notifyOn().isEmpty()) {
      return dsn.notifyOn().contains(EsmtpOptions.Notify.DELAY);
    }
    return !warningTime.isZero();
  }

  /** When the job's message is due for its warning; null when none of its recipients is to be warned. */
  public Instant warnAt(RelayDeliveryJob job) {
    for (RelayDeliveryJob.Recipient r : job.recipients()) {
      if (wants(job, r)) {
        return job.queuedAt().plus(warningTime);
      }
    }
    return null;
  }
}
