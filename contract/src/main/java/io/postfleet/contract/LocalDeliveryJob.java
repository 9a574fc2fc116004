package io.postfleet.contract;

import java.util.Objects;

/**
 * One delivery to one local mailbox on {@link Topics#DELIVERY_LOCAL}, keyed by {@link #mailbox()}.
 *
 * @param queueId the queue id of the message
 * @param mailFrom the envelope sender, empty for the null sender; becomes {@code Return-Path:}
 * @param mailbox the final mailbox address after alias expansion; becomes {@code Delivered-To:}
 * @param originalRecipient the recipient as the client gave it at RCPT
 * @param content the message bytes as in {@link InboundMessage#content()}
 */
public record LocalDeliveryJob(
    String queueId, String mailFrom, String mailbox, String originalRecipient, byte[] content) {
  public LocalDeliveryJob {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    Objects.requireNonNull(content, "content");
  }
}
