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
 * @param quotaBytes the mailbox's quota when the message was routed (Postfix's
 *     {@code virtual_mailbox_limit}, per mailbox); 0 for none
 */
public record LocalDeliveryJob(
    String queueId, String mailFrom, String mailbox, String originalRecipient, EsmtpOptions options,
    Instant queuedAt, byte[] content, String folder, long quotaBytes) {
  public LocalDeliveryJob {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(folder, "folder");
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quotaBytes " + quotaBytes + " is negative");
    }
  }

  /** A job for a mailbox without a quota. */
  public LocalDeliveryJob(String queueId, String mailFrom, String mailbox, String originalRecipient,
      EsmtpOptions options, Instant queuedAt, byte[] content, String folder) {
    this(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, content, folder, 0);
  }
}
