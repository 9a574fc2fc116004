package io.postfleet.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome for one recipient on {@link Topics#DELIVERY_RESULTS}, keyed by queue id.
 *
 * @param queueId the queue id of the message
 * @param recipient the address delivery was attempted to
 * @param originalRecipient the recipient as the client gave it at RCPT
 * @param outcome delivered, deferred or bounced, with the reply
 * @param facts the stage the attempt ended in, its TLS and its duration
 * @param attemptedAt when the attempt ended
 */
public record DeliveryResult(
    String queueId,
    String recipient,
    String originalRecipient,
    DeliveryOutcome outcome,
    AttemptFacts facts,
    Instant attemptedAt) {
  public DeliveryResult {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(attemptedAt, "attemptedAt");
  }
}
