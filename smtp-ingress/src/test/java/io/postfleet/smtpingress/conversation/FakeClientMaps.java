package io.postfleet.smtpingress.conversation;

import io.postfleet.maps.ClientMaps;
import io.postfleet.maps.MapsAnswer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client maps for SMTP-layer tests: passwords kept in clear here (the real maps check bcrypt
 * hashes, tested in their module), database trusted networks that a test can replace, and sender
 * ownership that is enforced once a test says which senders a login owns; a test can also put them
 * in the state before the first load, or make them throw.
 */
final class FakeClientMaps implements ClientMaps {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> ownedSenders = new ConcurrentHashMap<>();
  private volatile List<String> trustedNetworks = List.of();
  private volatile boolean loaded = true;
  private volatile RuntimeException failure;

  void user(String login, String password) {
    passwords.put(login, password);
  }

  void owns(String login, String... senders) {
    ownedSenders.put(login, Set.of(senders));
  }

  /** As before the first snapshot: every question is answered UNAVAILABLE. */
  void unloaded() {
    loaded = false;
  }

  /** Every question throws this, as a bug behind the maps would. */
  void failWith(RuntimeException e) {
    failure = e;
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
  public MapsAnswer verifyPassword(String username, char[] password) {
    if (!ready()) {
      return MapsAnswer.UNAVAILABLE;
    }
    String expected = passwords.get(username);
    return expected != null && expected.equals(new String(password)) ? MapsAnswer.YES : MapsAnswer.NO;
  }

  @Override
  public MapsAnswer maySendAs(String login, String sender) {
    if (!ready()) {
      return MapsAnswer.UNAVAILABLE;
    }
    Set<String> owned = ownedSenders.get(login);
    return owned == null || sender.isEmpty() || owned.contains(sender) ? MapsAnswer.YES : MapsAnswer.NO;
  }

  private boolean ready() {
    if (failure != null) {
      throw failure;
    }
    return loaded;
  }
}
