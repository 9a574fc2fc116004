package io.postfleet.maps.dkim;

/** A key that cannot sign DKIM signatures; the message is fit for an operator (no key material). */
public final class InvalidDkimKeyException extends IllegalArgumentException {
  public InvalidDkimKeyException(String message) {
    super(message);
  }
}
