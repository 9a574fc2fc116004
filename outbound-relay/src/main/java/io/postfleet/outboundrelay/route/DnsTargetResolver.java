package io.postfleet.outboundrelay.route;

import io.postfleet.outboundrelay.route.RouteLookupException.Kind;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  DnsTargetResolver(DnsLookups dns, int addressLimit) {
    this.dns = dns;
    this.addressLimit = addressLimit;
  }

  /** @see DnsLookups#create */
  public static DnsTargetResolver create(
      Optional<List<String>> dnsServers, Duration timeout, int attempts, int addressLimit) {
    return new DnsTargetResolver(DnsLookups.create(dnsServers, timeout, attempts), addressLimit);
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
      return limited(targets(domain, hop.port()), domain);
    }
    List<MXRecord> exchangers = byPreference(mx);
    if (exchangers.size() == 1 && exchangers.get(0).getTarget().equals(Name.root)) {
      throw new RouteLookupException(Kind.NULL_MX, "Domain " + hop.host() + " does not accept mail (nullMX)");
    }
    List<Target> targets = new ArrayList<>();
    RouteLookupException softFailure = null;
    for (MXRecord exchanger : exchangers) {
      try {
        targets.addAll(targets(exchanger.getTarget(), hop.port()));
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
    return limited(targets, domain);
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
