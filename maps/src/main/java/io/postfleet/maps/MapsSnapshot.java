package io.postfleet.maps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable, consistent copy of the maps, read in one transaction; every lookup is in memory.
 * Recipient lookup follows Postfix's {@code mail_addr_find()}: the full address, then the address
 * without its {@code +extension}; a catch-all {@code @domain} alias is tried last, after the
 * mailboxes, so that (unlike Postfix's virtual(5), which needs identity entries for that) a catch-all
 * never swallows mail for an existing mailbox. Addresses outside our local and virtual alias domains
 * are routed by {@link Transports}. {@code postmaster@} of a local or virtual alias domain that has no
 * entry of its own, and the bare {@code postmaster}, lead to the configured postmaster address (RFC
 * 5321 §4.5.1), as the postmaster alias of Postfix's /etc/aliases does.
 */
public final class MapsSnapshot {
  /** Postfix allows 1000 levels (virtual_alias_recursion_limit); nobody needs more than 20. */
  static final int MAX_ALIAS_DEPTH = 20;
  /** The local part every domain must accept, compared case-insensitively (RFC 5321 §4.5.1). */
  static final String POSTMASTER = "postmaster";

  private final long version;
  private final Map<String, DomainClass> domains;
  private final Map<String, Boolean> mailboxes;
  private final Set<String> mboxMailboxes;
  private final Map<String, Long> quotas;
  private final Map<String, List<String>> aliases;
  private final Transports transports;
  private final ClientAccess clientAccess;
  private final String postmaster;

  private MapsSnapshot(Builder b) {
    this.version = b.version;
    this.domains = Map.copyOf(b.domains);
    this.mailboxes = Map.copyOf(b.mailboxes);
    this.mboxMailboxes = Set.copyOf(b.mboxMailboxes);
    this.quotas = Map.copyOf(b.quotas);
    Map<String, List<String>> copy = new HashMap<>();
    b.aliases.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.aliases = Map.copyOf(copy);
    this.transports = new Transports(b.transports, b.relayhost);
    this.clientAccess = new ClientAccess(b.trustedNetworks, b.passwordHashes, b.senderLoginMatch);
    this.postmaster = b.postmaster;
  }

  public static Builder builder(long version) {
    return new Builder(version);
  }

  public long version() {
    return version;
  }

  /** Whether this mailbox (a {@link Route.Mailbox} address) keeps its mail in mbox rather than Maildir. */
  public boolean isMbox(String mailbox) {
    return mboxMailboxes.contains(mailbox);
  }

  /** The class of a domain of ours, or null when the domain is remote. */
  public DomainClass domainClass(String domain) {
    return domains.get(Address.parse("@" + domain).domain());
  }

  /** The RCPT-time verdict: accept, unknown user, or not ours. */
  public RecipientStatus status(String recipient) {
    Address address = Address.parse(recipient);
    if (barePostmaster(address)) {
      return postmaster.isEmpty() ? RecipientStatus.UNKNOWN_LOCAL_USER : RecipientStatus.LOCAL;
    }
    DomainClass domain = domains.get(address.domain());
    if (domain == null) {
      return RecipientStatus.REMOTE;
    }
    if (domain == DomainClass.RELAY) {
      return RecipientStatus.LOCAL;
    }
    return findLocal(address, domain) == null ? RecipientStatus.UNKNOWN_LOCAL_USER : RecipientStatus.LOCAL;
  }

  /**
   * Expands {@code recipient} through aliases, recursively and loop-safe, into final routes without
   * duplicates, in the order the targets were written.
   */
  public List<Route> route(String recipient) {
    Set<Route> routes = new LinkedHashSet<>();
    expand(Address.parse(recipient), 0, new HashSet<>(), routes, Trace.OFF);
    return new ArrayList<>(routes);
  }

  /**
   * {@link #route} with the reasons: each map consulted and the entry that matched, in order, as
   * {@code postmap -q} and {@code sendmail -bv} tell a Postfix administrator.
   */
  public Explanation explain(String recipient) {
    Set<Route> routes = new LinkedHashSet<>();
    Trace trace = new Trace();
    expand(Address.parse(recipient), 0, new HashSet<>(), routes, trace);
    return new Explanation(version, trace.steps(), new ArrayList<>(routes));
  }

  /** The mailboxes {@link #route} leads to, in order. */
  public List<String> mailboxes(String recipient) {
    List<String> found = new ArrayList<>();
    for (Route r : route(recipient)) {
      if (r instanceof Route.Mailbox m) {
        found.add(m.address());
      }
    }
    return found;
  }

  /** The quota of a mailbox in bytes (Postfix's virtual_mailbox_limit, per mailbox); 0 for none. */
  public long quotaBytes(String mailbox) {
    return quotas.getOrDefault(Address.parse(mailbox).full(), 0L);
  }

  /** mynetworks as CIDR strings. */
  public List<String> trustedNetworks() {
    return clientAccess.trustedNetworks();
  }

  /** SMTP AUTH: whether the mailbox {@code username} has this password. */
  public boolean verifyPassword(String username, char[] password) {
    return clientAccess.verify(username, password);
  }

  /**
   * Postfix's reject_sender_login_mismatch, when enabled: an authenticated client may use as
   * envelope sender its own address or an alias that leads to it; the null sender is always allowed.
   */
  public boolean maySendAs(String login, String sender) {
    if (!clientAccess.senderLoginMatch() || sender.isEmpty()) {
      return true;
    }
    Set<String> targets = new HashSet<>();
    for (Route r : route(sender)) {
      if (r instanceof Route.Mailbox m) {
        targets.add(m.address());
      }
    }
    return ClientAccess.owns(login, sender, targets);
  }

  /** The configured postmaster address; empty when none is. */
  public String postmaster() {
    return postmaster;
  }

  /** {@code <postmaster>} without a domain, which RCPT must take (RFC 5321 §4.1.1.3). */
  private static boolean barePostmaster(Address address) {
    return address.domain().isEmpty() && address.localPart().equals(POSTMASTER);
  }

  private void expand(Address address, int depth, Set<String> seen, Set<Route> routes, Trace trace) {
    if (barePostmaster(address)) {
      trace.add(depth, "postmaster: " + (postmaster.isEmpty() ? "none configured" : "-> " + postmaster));
      if (postmaster.isEmpty()) {
        routes.add(new Route.Undeliverable(POSTMASTER, "5.1.1", "no postmaster address configured"));
      } else {
        expand(Address.parse(postmaster), depth + 1, seen, routes, trace);
      }
      return;
    }
    DomainClass domain = domains.get(address.domain());
    trace.add(depth, address.full() + ": domain " + address.domain() + " is "
        + (domain == null ? "not ours (remote)" : domain.name()));
    if (domain == null || domain == DomainClass.RELAY) {
      Route route = transports.remote(address, trace, depth);
      routes.add(route);
      return;
    }
    Match match = findLocal(address, domain, trace, depth);
    if (match == null) {
      routes.add(new Route.Undeliverable(address.full(), "5.1.1", "user unknown in "
          + (domain == DomainClass.LOCAL ? "local recipient table" : "virtual alias table")));
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
        expand(next, depth + 1, seen, routes, trace);
      }
    }
    seen.remove(address.full());
  }

  /** What an address of ours resolves to: a receiving mailbox, alias targets, or null for nothing. */
  private Match findLocal(Address address, DomainClass domain) {
    return findLocal(address, domain, Trace.OFF, 0);
  }

  private Match findLocal(Address address, DomainClass domain, Trace trace, int depth) {
    String stripped = address.withoutExtension();
    for (String key : stripped == null ? List.of(address.full()) : List.of(address.full(), stripped)) {
      List<String> targets = aliases.get(key);
      if (targets != null) {
        trace.add(depth, "aliases: " + key + " -> " + String.join(", ", targets));
        return new Match(null, targets);
      }
      trace.add(depth, "aliases: no entry " + key);
    }
    if (domain == DomainClass.LOCAL) {
      for (String key : stripped == null ? List.of(address.full()) : List.of(address.full(), stripped)) {
        Boolean receives = mailboxes.get(key);
        if (receives != null) {
          // A send-only address (the seed's info@) refuses mail outright; no catch-all may take it.
          trace.add(depth, "mailboxes: " + key + (receives ? " receives mail" : " is send-only: refused"));
          return receives ? new Match(key, List.of()) : null;
        }
        trace.add(depth, "mailboxes: no entry " + key);
      }
    }
    if (address.localPart().equals(POSTMASTER) && !postmaster.isEmpty()) {
      // Before the catch-all: a domain's postmaster is the postmaster, whatever else its mail reaches.
      trace.add(depth, "postmaster: " + address.full() + " -> " + postmaster);
      return new Match(null, List.of(Address.parse(postmaster).full()));
    }
    List<String> targets = aliases.get(address.catchAll());
    trace.add(depth, targets == null
        ? "aliases: no catch-all " + address.catchAll()
        : "aliases: catch-all " + address.catchAll() + " -> " + String.join(", ", targets));
    return targets == null ? null : new Match(null, targets);
  }

  private record Match(String mailbox, List<String> aliasTargets) {}

  /** Collects the tables of one snapshot; keys are stored lower case, as lookups fold case. */
  public static final class Builder {
    private final long version;
    private final Map<String, DomainClass> domains = new HashMap<>();
    private final Map<String, Boolean> mailboxes = new HashMap<>();
    private final Set<String> mboxMailboxes = new HashSet<>();
    private final Map<String, Long> quotas = new HashMap<>();
    private final Map<String, String> passwordHashes = new HashMap<>();
    private final Map<String, List<String>> aliases = new HashMap<>();
    private final Map<String, Transport> transports = new HashMap<>();
    private final List<String> trustedNetworks = new ArrayList<>();
    private String relayhost = "";
    private boolean senderLoginMatch;
    private String postmaster = "";

    private Builder(long version) {
      this.version = version;
    }

    public Builder domain(String name, DomainClass domainClass) {
      domains.put(Address.parse("@" + name).domain(), domainClass);
      return this;
    }

    public Builder mailbox(String address, boolean receives) {
      mailboxes.put(Address.parse(address).full(), receives);
      return this;
    }

    /** Marks a mailbox as stored in mbox; the others are Maildir. */
    public Builder mboxMailbox(String address) {
      mboxMailboxes.add(Address.parse(address).full());
      return this;
    }

    /** A mailbox's quota in bytes; none (or 0) is unlimited. */
    public Builder quota(String address, long bytes) {
      if (bytes > 0) {
        quotas.put(Address.parse(address).full(), bytes);
      }
      return this;
    }

    public Builder passwordHash(String address, String bcryptHash) {
      passwordHashes.put(Address.parse(address).full(), bcryptHash);
      return this;
    }

    /** Appends targets to an alias ({@code local@domain} or {@code @domain}), in order. */
    public Builder alias(String address, String... targets) {
      String key = address.startsWith("@") ? "@" + Address.parse(address).domain() : Address.parse(address).full();
      List<String> list = aliases.computeIfAbsent(key, k -> new ArrayList<>());
      for (String t : targets) {
        list.add(Address.parse(t).full());
      }
      return this;
    }

    public Builder transport(String pattern, Transport transport) {
      transports.put(pattern.toLowerCase(java.util.Locale.ROOT), transport);
      return this;
    }

    public Builder trustedNetwork(String cidr) {
      trustedNetworks.add(cidr);
      return this;
    }

    public Builder relayhost(String relayhost) {
      this.relayhost = relayhost;
      return this;
    }

    public Builder senderLoginMatch(boolean enabled) {
      this.senderLoginMatch = enabled;
      return this;
    }

    /** Where postmaster@ of our domains and the bare postmaster go; empty for nowhere. */
    public Builder postmaster(String address) {
      this.postmaster = address.isEmpty() ? "" : Address.parse(address).full();
      return this;
    }

    public MapsSnapshot build() {
      return new MapsSnapshot(this);
    }
  }
}
