package io.postfleet.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * One delivery to one local mailbox on {@link Topics#DELIVERY_LOCAL}, keyed by {@link #mailbox()}.
 *
 * @param queueId the queue id of the message
 * @param mailFrom the envelope sender, empty for the null sender; becomes {@code Return-Path:}
 * @param mailbox the final mailbox address after alias expansion; becomes {@code Delivered-To:}
 * @param originalRecipient the recipient as the client gave it at RCPT
 * @param options the client's ESMTP parameters: the DSN request (NOTIFY=SUCCESS asks to be told of
 *     the delivery, RFC 3461 §4.1) and ENVID/ORCPT for that notification
 * @param queuedAt when the message was accepted
 * @param content the message bytes as in {@link InboundMessage#content()}
 * @param folder the Maildir++ folder to deliver into: empty for the inbox, {@code .Junk} for a
 *     quarantined message whose recipient domain sends quarantined mail to junk
 * @param format how the mailbox stores mail: Maildir or mbox
 * @param pipe empty for a mailbox delivery; else the command of the recipient's PIPE transport, as
 *     its transport entry holds it (Postfix pipe(8) {@code argv=}), to run for {@link #mailbox()},
 *     which is then the recipient address rather than a mailbox
 * @param attempts how many delivery attempts this job has had already (0 for the first): a pipe
 *     delivery that was deferred comes back with one more
 * @param quotaBytes the mailbox's quota when the message was routed (Postfix's
 *     {@code virtual_mailbox_limit}, per mailbox); 0 for none
 */
public record LocalDeliveryJob(
    String queueId, String mailFrom, String mailbox, String originalRecipient, EsmtpOptions options,
    Instant queuedAt, byte[] content, String folder, MailboxFormat format, String pipe, int attempts,
    long quotaBytes) {

  /** A Maildir delivery without a quota, first attempt. */
  public LocalDeliveryJob(String queueId, String mailFrom, String mailbox, String originalRecipient,
      EsmtpOptions options, Instant queuedAt, byte[] content, String folder) {
    this(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, folder, 0);
  }

  /** A Maildir delivery with a quota (0 for none), first attempt. */
  public LocalDeliveryJob(String queueId, String mailFrom, String mailbox, String originalRecipient,
      EsmtpOptions options, Instant queuedAt, byte[] content, String folder, long quotaBytes) {
    this(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, folder, MailboxFormat.MAILDIR,
        "", 0, quotaBytes);
  }

  /** A delivery without a quota. */
  public LocalDeliveryJob(String queueId, String mailFrom, String mailbox, String originalRecipient,
      EsmtpOptions options, Instant queuedAt, byte[] content, String folder, MailboxFormat format, String pipe,
      int attempts) {
    this(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, folder, format, pipe, attempts,
        0);
  }

  public LocalDeliveryJob {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(pipe, "pipe");
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quotaBytes " + quotaBytes + " is negative");
    }
  }

  /** The same job for another folder of the mailbox. */
  public LocalDeliveryJob inFolder(String otherFolder) {
    return new LocalDeliveryJob(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, otherFolder,
        format, pipe, attempts, quotaBytes);
  }

  /** Whether this job is for a command (a PIPE transport) rather than a mailbox. */
  public boolean piped() {
    return !pipe.isEmpty();
  }

  /** This job for its next attempt, after a deferral. */
  public LocalDeliveryJob nextAttempt() {
    return new LocalDeliveryJob(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, folder,
        format, pipe, attempts + 1, quotaBytes);
  }
}
