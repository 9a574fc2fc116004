package io.postfleet.contract;

/** A Kafka value that is not a record this version of the contract can read. */
public final class MalformedRecordException extends RuntimeException {
  public MalformedRecordException(String message) {
    super(message);
  }
}
