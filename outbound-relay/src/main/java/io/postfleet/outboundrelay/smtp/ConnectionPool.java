package io.postfleet.outboundrelay.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Idle sessions kept open for the next message to the same server, as Postfix's scache: a session
 * is reused only by a destination with the same TLS policy and AUTH identity, is closed when idle too
 * long or too old, and is retired after a number of messages.
 */
final class ConnectionPool {
  /**
   * @param relay the target's {@code host[ip]:port}
   * @param tls the TLS policy the session was opened under
   * @param authUser the user it authenticated as, empty for none
   */
  record Key(String relay, TlsLevel tls, String authUser) {}

  private final ConnectionLimits limits;
  private final Map<Key, Deque<SmtpConnection>> idle = new HashMap<>();

  ConnectionPool(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** The most recently used idle session for the key that is still within its limits. */
  Optional<SmtpConnection> take(Key key) {
    List<SmtpConnection> stale = new ArrayList<>();
    Optional<SmtpConnection> found = Optional.empty();
    synchronized (this) {
      Deque<SmtpConnection> sessions = idle.getOrDefault(key, new ArrayDeque<>());
      while (found.isEmpty() && !sessions.isEmpty()) {
        SmtpConnection connection = sessions.pollFirst();
        if (fresh(connection)) {
          found = Optional.of(connection);
        } else {
          stale.add(connection);
        }
      }
    }
    stale.forEach(SmtpConnection::quit); // outside the lock: QUIT may wait on a slow peer
    return found;
  }

  /** Keeps the session for reuse, or says goodbye if it has carried enough messages. */
  void give(Key key, SmtpConnection connection) {
    if (connection.transactions() >= limits.maxMessagesPerConnection() || !fresh(connection)) {
      connection.quit();
      return;
    }
    synchronized (this) {
      idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(connection);
    }
  }

  /** Closes the sessions idle or open too long; run every second or so. */
  void expire() {
    List<SmtpConnection> stale = new ArrayList<>();
    synchronized (this) {
      for (Deque<SmtpConnection> sessions : idle.values()) {
        for (Iterator<SmtpConnection> it = sessions.iterator(); it.hasNext();) {
          SmtpConnection connection = it.next();
          if (!fresh(connection)) {
            it.remove();
            stale.add(connection);
          }
        }
      }
      idle.values().removeIf(Deque::isEmpty);
    }
    stale.forEach(SmtpConnection::quit); // outside the lock: QUIT may wait on a slow peer
  }

  void closeAll() {
    List<SmtpConnection> all = new ArrayList<>();
    synchronized (this) {
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(SmtpConnection::quit);
  }

  private boolean fresh(SmtpConnection connection) {
    Duration idleTime = connection.idle();
    return idleTime.compareTo(limits.idleTimeout()) < 0 && connection.age().compareTo(limits.maxAge()) < 0;
  }
}
