package io.postfleet.maps;

import java.util.List;

/**
 * The narrow view of the recipient maps that SMTP recipient checks need. Answers come from memory;
 * no call ever queries the database.
 */
public interface RecipientMaps {

  /** How smtp-ingress must treat {@code address} at RCPT time (address without angle brackets). */
  RecipientStatus status(String address);

  /**
   * The mailboxes mail for {@code address} is delivered into, after aliases; empty when it reaches
   * none (a remote or unknown address) or the maps are not loaded. Maps that cannot expand
   * aliases know none, and so never have a recipient refused as over quota.
   */
  default List<String> mailboxes(String address) {
    return List.of();
  }
}
