package io.postfleet.smtpingress.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * The DNS smtp-ingress's sender checks ask (PTR and A for FCrDNS, DNSBL zones, TXT for SPF, DKIM
 * and DMARC), through {@code postfleet.smtp.dns-servers} or the system's resolvers. Answers are
 * cached up to their TTL, negative ones up to the SOA minimum (RFC 2308), so a busy client costs
 * one set of lookups; failures are never cached. No search path and no hosts file: names are
 * absolute. Lookups run asynchronously, so the checks of one stage can ask in parallel.
 */
public final class Dns {
  private final LookupSession session;
  private final Resolver resolver;
  private final Duration maxWait;

  private Dns(LookupSession session, Resolver resolver, Duration maxWait) {
    this.session = session;
    this.resolver = resolver;
    this.maxWait = maxWait;
  }

  /**
   * @param servers {@code host:port} (or {@code host}, port 53) of the servers to ask; empty means
   *     the system's resolvers as dnsjava reads them (resolv.conf)
   * @param timeout how long one server gets for one query
   * @param attempts how many times each server is asked
   */
  public static Dns create(Optional<List<String>> servers, Duration timeout, int attempts) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    servers.filter(list -> !list.isEmpty()).ifPresentOrElse(
        list -> list.forEach(server -> addresses.add(socketAddress(server.trim()))),
        () -> addresses.addAll(ResolverConfig.getCurrentConfig().servers()));
    List<Resolver> resolvers = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      SimpleResolver server = new SimpleResolver(address);
      server.setTimeout(timeout);
      resolvers.add(server);
    }
    ExtendedResolver resolver = new ExtendedResolver(resolvers);
    resolver.setTimeout(timeout);
    resolver.setRetries(attempts);
    LookupSession session = LookupSession.builder().resolver(resolver).cache(new Cache(DClass.IN)).build();
    int queries = Math.max(1, resolvers.size()) * Math.max(1, attempts);
    return new Dns(session, resolver, timeout.multipliedBy(queries * 4L).plusSeconds(1));
  }

  /** Starts a lookup of the records of {@code type} (a {@link org.xbill.DNS.Type}) at the name. */
  public CompletableFuture<DnsAnswer> lookupAsync(String name, int type) {
    Name absolute;
    try {
      absolute = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      // A name no DNS could hold (RFC 1035 §2.3.4 limits) does not exist.
      return CompletableFuture.completedFuture(new DnsAnswer.NoSuchName());
    }
    return session.lookupAsync(absolute, type).toCompletableFuture()
        .orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS)
        .handle(Dns::answer);
  }

  /** The same, waiting for the answer. */
  public DnsAnswer lookup(String name, int type) {
    try {
      return lookupAsync(name, type).get(maxWait.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DnsAnswer.Failed("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      return new DnsAnswer.Failed(e.toString());
    }
  }

  /** The resolver underneath, for libraries that do their own lookups (jSPF). */
  public Resolver resolver() {
    return resolver;
  }

  private static DnsAnswer answer(LookupResult result, Throwable error) {
    if (error == null) {
      return result.getRecords().isEmpty() ? new DnsAnswer.NoData() : new DnsAnswer.Found(result.getRecords());
    }
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof NoSuchDomainException) {
      return new DnsAnswer.NoSuchName();
    }
    if (cause instanceof NoSuchRRSetException) {
      return new DnsAnswer.NoData();
    }
    return new DnsAnswer.Failed(cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
  }

  /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; port 53 when none is given. */
  static InetSocketAddress socketAddress(String server) {
    if (server.startsWith("[")) {
      int close = server.indexOf(']');
      String host = server.substring(1, close);
      return new InetSocketAddress(host,
          close + 1 < server.length() ? Integer.parseInt(server.substring(close + 2)) : 53);
    }
    int colon = server.lastIndexOf(':');
    if (colon > 0 && server.indexOf(':') == colon) {
      return new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
    }
    return new InetSocketAddress(server, 53);
  }
}
