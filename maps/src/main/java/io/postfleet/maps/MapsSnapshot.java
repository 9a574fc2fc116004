package io.postfleet.maps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable, consistent copy of the recipient maps, read in one transaction. All lookups are in
 * memory. The lookup order follows Postfix's {@code mail_addr_find()}: the full address, then the
 * address without its {@code +extension}; a catch-all {@code @domain} alias is tried last, after the
 * mailboxes, so that (unlike Postfix's virtual(5), which needs identity entries for that) a catch-all
 * never swallows mail for an existing mailbox.
 */
public final class MapsSnapshot {
  /** Deeper nesting than Postfix's default {@code virtual_alias_recursion_limit} (1000) is pointless; ours is 20. */
  static final int MAX_ALIAS_DEPTH = 20;

  private final long version;
  private final Set<String> localDomains;
  private final Map<String, Boolean> mailboxes;
  private final Map<String, List<String>> aliases;

  /**
   * @param version the change counter the snapshot was read at
   * @param localDomains lower-case names of our local domains
   * @param mailboxes lower-case mailbox address to "receives mail" (false: send-only)
   * @param aliases lower-case alias address (or {@code @domain}) to its targets in order
   */
  public MapsSnapshot(long version, Set<String> localDomains, Map<String, Boolean> mailboxes,
      Map<String, List<String>> aliases) {
    this.version = version;
    this.localDomains = Set.copyOf(localDomains);
    this.mailboxes = Map.copyOf(mailboxes);
    this.aliases = Map.copyOf(aliases);
  }

  public long version() {
    return version;
  }

  public boolean isLocalDomain(String domain) {
    return localDomains.contains(domain);
  }

  /** The RCPT-time verdict: accept, unknown user, or not ours. */
  public RecipientStatus status(String recipient) {
    Address address = Address.parse(recipient);
    if (!isLocalDomain(address.domain())) {
      return RecipientStatus.REMOTE;
    }
    return findLocal(address) == null ? RecipientStatus.UNKNOWN_LOCAL_USER : RecipientStatus.LOCAL;
  }

  /**
   * Expands {@code recipient} through aliases, recursively and loop-safe, into final routes without
   * duplicates, in the order the targets were written.
   */
  public List<Route> route(String recipient) {
    Set<Route> routes = new LinkedHashSet<>();
    expand(Address.parse(recipient), 0, new HashSet<>(), routes);
    return new ArrayList<>(routes);
  }

  private void expand(Address address, int depth, Set<String> seen, Set<Route> routes) {
    if (!isLocalDomain(address.domain())) {
      routes.add(new Route.Remote(address.full(), address.domain()));
      return;
    }
    Match match = findLocal(address);
    if (match == null) {
      routes.add(new Route.Undeliverable(address.full(), "5.1.1", "user unknown in local recipient table"));
      return;
    }
    if (match.mailbox() != null) {
      routes.add(new Route.Mailbox(match.mailbox()));
      return;
    }
    if (depth > MAX_ALIAS_DEPTH || !seen.add(address.full())) {
      routes.add(new Route.Undeliverable(address.full(), "5.4.6", "mail forwarding loop for " + address.full()));
      return;
    }
    for (String target : match.aliasTargets()) {
      Address next = Address.parse(target);
      // An alias that names itself means "also deliver to my own mailbox" (aliases(5) idiom).
      if (next.full().equals(address.full()) && Boolean.TRUE.equals(mailboxes.get(next.full()))) {
        routes.add(new Route.Mailbox(next.full()));
      } else {
        expand(next, depth + 1, seen, routes);
      }
    }
    seen.remove(address.full());
  }

  /** What a local address resolves to: a receiving mailbox, alias targets, or null for nothing. */
  private Match findLocal(Address address) {
    String stripped = address.withoutExtension();
    List<String> targets = aliases.get(address.full());
    if (targets == null && stripped != null) {
      targets = aliases.get(stripped);
    }
    if (targets != null) {
      return new Match(null, targets);
    }
    String mailbox = mailboxes.containsKey(address.full()) ? address.full()
        : stripped != null && mailboxes.containsKey(stripped) ? stripped : null;
    if (mailbox != null) {
      // A send-only address (the seed's info@) refuses mail outright; no catch-all may take it.
      return mailboxes.get(mailbox) ? new Match(mailbox, List.of()) : null;
    }
    targets = aliases.get(address.catchAll());
    return targets == null ? null : new Match(null, targets);
  }

  private record Match(String mailbox, List<String> aliasTargets) {}
}
