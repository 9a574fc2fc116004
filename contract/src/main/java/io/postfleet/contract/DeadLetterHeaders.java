package io.postfleet.contract;

/**
 * The Kafka headers of a record on {@link Topics#DEAD_LETTERS}; every value is UTF-8 text, numbers
 * in decimal and the time in ISO-8601, so that any Kafka tool can show them.
 */
public final class DeadLetterHeaders {
  /** The topic the unreadable record was consumed from. */
  public static final String SOURCE_TOPIC = "postfleet.source-topic";
  /** Its partition there. */
  public static final String SOURCE_PARTITION = "postfleet.source-partition";
  /** Its offset there: with topic and partition, what makes a dead letter unique. */
  public static final String SOURCE_OFFSET = "postfleet.source-offset";
  /** The service whose consumer could not read it. */
  public static final String SERVICE = "postfleet.service";
  /** Why it could not be read: the decoder's one-line message. */
  public static final String ERROR = "postfleet.error";
  /** When the consumer set it aside. */
  public static final String FAILED_AT = "postfleet.failed-at";

  private DeadLetterHeaders() {}
}
