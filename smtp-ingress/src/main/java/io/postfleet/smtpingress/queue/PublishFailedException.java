package io.postfleet.smtpingress.queue;

/** The queue did not acknowledge a message: it must not be acknowledged to the client either. */
public final class PublishFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
