package io.postfleet.outboundrelay.route;

import io.postfleet.outboundrelay.route.RouteLookupException.Kind;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * DNS questions through dnsjava, answered as records, an empty list (the name exists without that
 * type), or a {@link RouteLookupException} that says whether the name does not exist or the lookup
 * failed. Answers are cached up to their TTL (negative ones up to their SOA's minimum, RFC 2308), so
 * a burst of mail to one domain asks DNS once; a failed lookup is never cached, so the next job asks
 * again. No search path and no hosts file.
 */
final class DnsLookups {
  private final LookupSession session;
  /** Upper bound for one lookup including CNAME chasing, so a stuck future cannot hang delivery. */
  private final Duration maxWait;

  private DnsLookups(LookupSession session, Duration maxWait) {
    this.session = session;
    this.maxWait = maxWait;
  }

  /**
   * @param servers {@code host:port} (or {@code host}, port 53) of the servers to ask; absent means
   *     the system's resolvers as dnsjava reads them (resolv.conf)
   */
  static DnsLookups create(Optional<List<String>> servers, Duration timeout, int attempts) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    if (servers.isPresent()) {
      servers.get().forEach(server -> addresses.add(socketAddress(server.trim())));
    } else {
      addresses.addAll(ResolverConfig.getCurrentConfig().servers());
    }
    List<Resolver> resolvers = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      // Each server's own timeout is what bounds a query; dnsjava's default is 10 seconds.
      SimpleResolver server = new SimpleResolver(address);
      server.setTimeout(timeout);
      resolvers.add(server);
    }
    ExtendedResolver resolver = new ExtendedResolver(resolvers);
    resolver.setTimeout(timeout);
    resolver.setRetries(attempts);
    LookupSession session = LookupSession.builder().resolver(resolver).cache(new Cache(DClass.IN)).build();
    int queries = Math.max(1, resolvers.size()) * Math.max(1, attempts);
    return new DnsLookups(session, timeout.multipliedBy(queries * 4L).plusSeconds(1));
  }

  /** Records of the type at the name; empty if the name exists without them (NODATA). */
  List<Record> lookup(Name name, int type) throws RouteLookupException {
    CompletableFuture<LookupResult> answer = start(name, type);
    return await(answer, name, type);
  }

  CompletableFuture<LookupResult> start(Name name, int type) {
    return session.lookupAsync(name, type).toCompletableFuture();
  }

  List<Record> await(CompletableFuture<LookupResult> answer, Name name, int type)
      throws RouteLookupException {
    try {
      return answer.get(maxWait.toMillis(), TimeUnit.MILLISECONDS).getRecords();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof NoSuchRRSetException) {
        return List.of();
      }
      if (cause instanceof NoSuchDomainException) {
        throw new RouteLookupException(Kind.NOT_FOUND, nameServiceError(name, type, "Host not found"));
      }
      throw temporary(name, type);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw temporary(name, type);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw temporary(name, type);
    }
  }

  static String nameServiceError(Name name, int type, String what) {
    return "Host or domain name not found. Name service error for name="
        + name.toString(true) + " type=" + Type.string(type) + ": " + what;
  }

  private static RouteLookupException temporary(Name name, int type) {
    return new RouteLookupException(Kind.TEMPORARY, nameServiceError(name, type, "Host not found, try again"));
  }

  /** {@code host:port}, {@code [ipv6]:port}, or a host or address alone for port 53. */
  private static InetSocketAddress socketAddress(String server) {
    String host = server;
    int port = SimpleResolver.DEFAULT_PORT;
    int colon = server.lastIndexOf(':');
    if (server.startsWith("[")) {
      int close = server.indexOf(']');
      host = server.substring(1, close);
      port = close + 1 < server.length() ? Integer.parseInt(server.substring(close + 2)) : port;
    } else if (colon > 0 && server.indexOf(':') == colon) {
      host = server.substring(0, colon);
      port = Integer.parseInt(server.substring(colon + 1));
    }
    return new InetSocketAddress(host, port);
  }
}
