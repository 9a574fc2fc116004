package io.postfleet.maps;

/**
 * The narrow view of the recipient maps that SMTP recipient checks need. Answers come from memory;
 * no call ever queries the database.
 */
public interface RecipientMaps {

  /** How smtp-ingress must treat {@code address} at RCPT time (address without angle brackets). */
  RecipientStatus status(String address);
}
