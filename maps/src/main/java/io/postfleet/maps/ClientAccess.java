package io.postfleet.maps;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * What decides who may relay and who may send as whom: mynetworks, the SMTP AUTH credentials of the
 * mailboxes, and (when enabled) Postfix's reject_sender_login_mismatch.
 */
final class ClientAccess {
  private final List<String> trustedNetworks;
  private final Map<String, String> passwordHashes;
  private final boolean senderLoginMatch;

  ClientAccess(List<String> trustedNetworks, Map<String, String> passwordHashes, boolean senderLoginMatch) {
    this.trustedNetworks = List.copyOf(trustedNetworks);
    this.passwordHashes = Map.copyOf(passwordHashes);
    this.senderLoginMatch = senderLoginMatch;
  }

  List<String> trustedNetworks() {
    return trustedNetworks;
  }

  /** bcrypt is slow on purpose (cost 10: tens of milliseconds); AUTH happens once per session. */
  boolean verify(String username, char[] password) {
    String hash = passwordHashes.get(Address.parse(username).full());
    if (hash == null) {
      return false;
    }
    try {
      return OpenBSDBCrypt.checkPassword(hash, password);
    } catch (IllegalArgumentException malformedHash) {
      return false;
    }
  }

  boolean senderLoginMatch() {
    return senderLoginMatch;
  }

  /** Whether {@code login} owns {@code sender}: the same address, or an alias that leads to it. */
  static boolean owns(String login, String sender, Set<String> senderAliasTargets) {
    String l = Address.parse(login).full();
    return l.equals(Address.parse(sender).full()) || senderAliasTargets.contains(l);
  }
}
