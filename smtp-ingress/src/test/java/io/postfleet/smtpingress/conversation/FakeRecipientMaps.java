package io.postfleet.smtpingress.conversation;

import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.RecipientStatus;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recipient maps for SMTP-layer tests: one local domain with the users put here; every other
 * address of that domain is unknown, every other domain remote. The real maps are tested in their
 * module and, with PostgreSQL, by the system tests.
 */
final class FakeRecipientMaps implements RecipientMaps {
  private final String localDomain;
  private final Map<String, RecipientStatus> overrides = new ConcurrentHashMap<>();
  private volatile RuntimeException failure;

  FakeRecipientMaps(String localDomain, String... localUsers) {
    this.localDomain = localDomain;
    for (String user : localUsers) {
      overrides.put(user + "@" + localDomain, RecipientStatus.LOCAL);
    }
  }

  void set(String address, RecipientStatus status) {
    overrides.put(address, status);
  }

  void failWith(RuntimeException e) {
    failure = e;
  }

  @Override
  public RecipientStatus status(String address) {
    if (failure != null) {
      throw failure;
    }
    RecipientStatus status = overrides.get(address);
    if (status != null) {
      return status;
    }
    String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    return domain.equals(localDomain) ? RecipientStatus.UNKNOWN_LOCAL_USER : RecipientStatus.REMOTE;
  }
}
