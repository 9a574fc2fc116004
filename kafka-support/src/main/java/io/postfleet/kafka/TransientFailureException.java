package io.postfleet.kafka;

/**
 * Thrown by a batch handler for a cause that is the service's, not the record's (its maps not
 * loaded yet, a dependency not answering): the batch waits and is retried for as long as it takes,
 * and no record of it is ever set aside for it.
 */
public class TransientFailureException extends RuntimeException {
  public TransientFailureException(String message) {
    super(message);
  }
}
