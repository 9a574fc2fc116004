package io.postfleet.outboundrelay.route;

import io.postfleet.outboundrelay.route.RouteLookupException.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;

/**
 * Finds the addresses for a next hop the way Postfix's smtp does: MX hosts by preference, lowest
 * first and random among equals (RFC 5321 §5.1); the domain itself when it has no MX (the implicit
 * MX of §5.1); a bracketed next hop by its own addresses, without MX lookup.
 */
public final class DnsTargetResolver implements TargetResolver {
  private final DnsLookups dns;
  private final int addressLimit;
  private final Set<InetAddress> ownAddresses;

  DnsTargetResolver(DnsLookups dns, int addressLimit, Set<InetAddress> ownAddresses) {
    this.dns = dns;
    this.addressLimit = addressLimit;
    this.ownAddresses = Set.copyOf(ownAddresses);
  }

  /** @see DnsLookups#create */
  public static DnsTargetResolver create(
      Optional<List<String>> dnsServers, Duration timeout, int attempts, int addressLimit) {
    return new DnsTargetResolver(DnsLookups.create(dnsServers, timeout, attempts), addressLimit, Set.of());
  }

  /**
   * This resolver, knowing the addresses this system receives mail on (IP literals; Postfix's
   * {@code inet_interfaces} and {@code proxy_interfaces}).
   *
   * @throws IllegalArgumentException for an entry that is not an IP address
   */
  public DnsTargetResolver withOwnAddresses(List<String> addresses) {
    Set<InetAddress> own = new HashSet<>();
    for (String a : addresses) {
      own.add(literal(a.strip()).orElseThrow(() -> new IllegalArgumentException(
          "postfleet.relay.own-addresses: not an IP address: " + a)));
    }
    return new DnsTargetResolver(dns, addressLimit, own);
  }

  @Override
  public List<Target> resolve(NextHop hop) throws RouteLookupException {
    Optional<InetAddress> literal = literal(hop.host());
    if (literal.isPresent()) {
      return List.of(new Target(hop.host(), literal.get(), hop.port()));
    }
    Name domain = name(hop.host());
    if (hop.skipMx()) {
      return limited(targets(domain, hop.port()), domain);
    }
    List<Record> mx = dns.lookup(domain, Type.MX);
    if (mx.isEmpty()) {
      List<Target> implicit = targets(domain, hop.port());
      if (implicit.stream().anyMatch(this::isOwn)) {
        throw loopsBack(hop);
      }
      return limited(implicit, domain);
    }
    List<MXRecord> exchangers = byPreference(mx);
    if (exchangers.size() == 1 && exchangers.get(0).getTarget().equals(Name.root)) {
      throw new RouteLookupException(Kind.NULL_MX, "Domain " + hop.host() + " does not accept mail (nullMX)");
    }
    List<Target> targets = new ArrayList<>();
    RouteLookupException softFailure = null;
    int ownPreference = Integer.MAX_VALUE;
    for (MXRecord exchanger : exchangers) {
      if (exchanger.getPriority() >= ownPreference) {
        break;
      }
      try {
        List<Target> found = targets(exchanger.getTarget(), hop.port());
        if (found.stream().anyMatch(this::isOwn)) {
          // As Postfix's smtp: we are an MX of this domain, so only better ones may be tried, and
          // hosts of our own preference, shuffled in before us, must go too.
          ownPreference = exchanger.getPriority();
          targets.removeIf(t -> preferenceOf(t, exchangers) >= exchanger.getPriority());
          continue;
        }
        targets.addAll(found);
      } catch (RouteLookupException e) {
        // An MX host that does not resolve is skipped, as Postfix does; a temporary failure is
        // remembered so that running out of hosts defers instead of bouncing.
        if (e.kind() == Kind.TEMPORARY) {
          softFailure = e;
        }
      }
    }
    if (targets.isEmpty() && softFailure != null) {
      throw softFailure;
    }
    if (targets.isEmpty() && ownPreference != Integer.MAX_VALUE) {
      throw loopsBack(hop);
    }
    return limited(targets, domain);
  }

  private boolean isOwn(Target target) {
    return ownAddresses.contains(target.address());
  }

  /** The preference of the MX host a target came from; hosts are named as in their MX record. */
  private static int preferenceOf(Target target, List<MXRecord> exchangers) {
    for (MXRecord mx : exchangers) {
      if (mx.getTarget().toString(true).equals(target.host())) {
        return mx.getPriority();
      }
    }
    return Integer.MAX_VALUE;
  }

  private static RouteLookupException loopsBack(NextHop hop) {
    return new RouteLookupException(Kind.LOOPS_BACK, "mail for " + hop.host() + " loops back to myself");
  }

  private List<Target> limited(List<Target> targets, Name domain) throws RouteLookupException {
    if (targets.isEmpty()) {
      throw new RouteLookupException(Kind.NO_ADDRESS,
          "No address found for the mail exchangers of " + domain.toString(true));
    }
    return targets.size() > addressLimit ? List.copyOf(targets.subList(0, addressLimit)) : targets;
  }

  /** MX records sorted by preference, shuffled within one preference so load is spread. */
  private static List<MXRecord> byPreference(List<Record> records) {
    List<MXRecord> mx = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof MXRecord m) {
        mx.add(m);
      }
    }
    Collections.shuffle(mx);
    mx.sort(Comparator.comparingInt(MXRecord::getPriority)); // stable: the shuffle survives within ties
    return mx;
  }

  /** IPv4 then IPv6 addresses of a host, asked for at the same time. */
  private List<Target> targets(Name host, int port) throws RouteLookupException {
    CompletableFuture<LookupResult> aaaa = dns.start(host, Type.AAAA);
    List<Record> records = new ArrayList<>(dns.lookup(host, Type.A));
    try {
      records.addAll(dns.await(aaaa, host, Type.AAAA));
    } catch (RouteLookupException e) {
      // The host answered for A; a failing AAAA lookup only matters if there is no A either.
      if (records.isEmpty()) {
        throw e;
      }
    }
    String hostName = host.toString(true);
    List<Target> targets = new ArrayList<>();
    for (Record r : records) {
      if (r instanceof ARecord a) {
        targets.add(new Target(hostName, a.getAddress(), port));
      } else if (r instanceof AAAARecord a) {
        targets.add(new Target(hostName, a.getAddress(), port));
      }
    }
    return targets;
  }

  /** An IP address written as such; parsing it never asks DNS. */
  private static Optional<InetAddress> literal(String host) {
    try {
      return Optional.of(Address.getByAddress(host));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Name name(String host) throws RouteLookupException {
    try {
      return Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      throw new RouteLookupException(Kind.NOT_FOUND, "Host or domain name not found: bad name " + host);
    }
  }
}
