package io.postfleet.maps;

import java.util.List;

/**
 * The narrow view of the maps that decides about SMTP clients rather than recipients: mynetworks,
 * SMTP AUTH credentials and sender ownership. Answers come from memory.
 */
public interface ClientMaps {

  /** mynetworks from the database, CIDR strings; empty before the maps are loaded. */
  List<String> trustedNetworks();

  /** SMTP AUTH: whether the mailbox {@code username} has this password; UNAVAILABLE before the maps are loaded. */
  MapsAnswer verifyPassword(String username, char[] password);

  /**
   * Whether an authenticated {@code login} may use {@code sender} as envelope sender; UNAVAILABLE
   * before the maps are loaded.
   */
  MapsAnswer maySendAs(String login, String sender);
}
