package io.postfleet.smtpingress.queue;

import io.postfleet.contract.InboundMessage;

/** Hands an accepted message to the queue (Kafka topic {@code postfleet.inbound}). */
public interface MessagePublisher {

  /**
   * Returns only once the message is durable (acknowledged by all in-sync replicas); the caller
   * answers 250 after that and not before.
   *
   * @throws PublishFailedException when the queue did not take the message in time
   */
  void publish(InboundMessage message) throws PublishFailedException;
}
