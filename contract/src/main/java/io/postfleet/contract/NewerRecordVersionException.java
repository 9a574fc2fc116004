package io.postfleet.contract;

/**
 * A record written by a newer version of the contract than this service knows. It is not garbage:
 * a consumer must not skip it (that would lose mail during a rolling upgrade) but fail the batch,
 * so that the record waits for an upgraded pod of the same group to take it.
 */
public final class NewerRecordVersionException extends RuntimeException {
  public NewerRecordVersionException(String message) {
    super(message);
  }
}
