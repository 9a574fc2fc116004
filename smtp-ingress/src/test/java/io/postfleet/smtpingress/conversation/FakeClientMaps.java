package io.postfleet.smtpingress.conversation;

import io.postfleet.maps.ClientMaps;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client maps for SMTP-layer tests: passwords kept in clear here (the real maps check bcrypt
 * hashes, tested in their module), database trusted networks that a test can replace, and sender
 * ownership that is enforced once a test says which senders a login owns.
 */
final class FakeClientMaps implements ClientMaps {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> ownedSenders = new ConcurrentHashMap<>();
  private volatile List<String> trustedNetworks = List.of();

  void user(String login, String password) {
    passwords.put(login, password);
  }

  void owns(String login, String... senders) {
    ownedSenders.put(login, Set.of(senders));
  }

  /** Replaces the list, as a new maps snapshot does. */
  void trustedNetworks(String... cidrs) {
    trustedNetworks = List.of(cidrs);
  }

  @Override
  public List<String> trustedNetworks() {
    return trustedNetworks;
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    String expected = passwords.get(username);
    return expected != null && expected.equals(new String(password));
  }

  @Override
  public boolean maySendAs(String login, String sender) {
    Set<String> owned = ownedSenders.get(login);
    return owned == null || sender.isEmpty() || owned.contains(sender);
  }
}
