package io.postfleet.contract;

/** The Kafka topics of DESIGN.md; every producer and consumer names them through here. */
public final class Topics {
  /** Key: queue id. Value: {@link InboundMessage}. */
  public static final String INBOUND = "postfleet.inbound";
  /** Key: mailbox address. Value: {@link LocalDeliveryJob}. */
  public static final String DELIVERY_LOCAL = "postfleet.delivery.local";
  /** Key: next-hop domain. Value: {@link RelayDeliveryJob}. */
  public static final String DELIVERY_RELAY = "postfleet.delivery.relay";
  /**
   * Key: queue id. Value: a {@link DeliveryResult} per recipient attempt; or a {@link RelayDeliveryJob}
   * holding the recipients of a relay job that were deferred (for queue-manager's deferred queue) or
   * that bounced (returned: for the delivery status notification to the sender).
   */
  public static final String DELIVERY_RESULTS = "postfleet.delivery.results";
  /**
   * Key and value: those of a record a consumer could not read, byte for byte, with the
   * {@link DeadLetterHeaders} saying where it came from and why it was set aside.
   */
  public static final String DEAD_LETTERS = "postfleet.dead-letters";

  /**
   * Largest record a topic accepts: Postfix's default {@code message_size_limit} (10 MiB) plus room
   * for the envelope and the trace headers we add.
   */
  public static final int MAX_RECORD_BYTES = 10 * 1024 * 1024 + 512 * 1024;

  private Topics() {}
}
