package io.postfleet.smtpingress.checks.connect;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.IprevVerdict;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Forward-confirmed reverse DNS, the iprev method of RFC 8601 §3: the PTR names of the client's
 * address are looked up forward (A for an IPv4 client, AAAA for IPv6), and a name whose addresses
 * include the client's confirms it. No PTR is {@code fail}; a lookup that failed where its answer
 * could still have confirmed a name is {@code temperror} (§2.7.3), never {@code fail}.
 */
public final class IprevCheck {
  /**
   * PTR names beyond this many are ignored, as SPF's ptr mechanism does (RFC 7208 §5.5), so a
   * hostile reverse zone cannot make one connection cost unbounded lookups.
   */
  static final int MAX_PTR_NAMES = 10;

  private final Dns dns;

  public IprevCheck(Dns dns) {
    this.dns = dns;
  }

  /** The verdict for the client; never completes exceptionally (DNS trouble is temperror). */
  public CompletableFuture<IprevVerdict> check(InetAddress client) {
    return dns.lookupAsync(ReverseName.arpa(client), Type.PTR).thenCompose(ptr -> {
      if (ptr.failed()) {
        return CompletableFuture.completedFuture(new IprevVerdict(AuthResult.TEMPERROR, ""));
      }
      List<String> names = ptr.records().stream()
          .filter(PTRRecord.class::isInstance)
          .map(r -> ((PTRRecord) r).getTarget().toString(true))
          .distinct()
          .limit(MAX_PTR_NAMES)
          .toList();
      if (names.isEmpty()) {
        // NXDOMAIN or NODATA: the address has no name to confirm.
        return CompletableFuture.completedFuture(new IprevVerdict(AuthResult.FAIL, ""));
      }
      return confirm(client, names);
    });
  }

  private CompletableFuture<IprevVerdict> confirm(InetAddress client, List<String> names) {
    int type = client instanceof Inet4Address ? Type.A : Type.AAAA;
    List<CompletableFuture<DnsAnswer>> forward = names.stream().map(name -> dns.lookupAsync(name, type)).toList();
    return CompletableFuture.allOf(forward.toArray(CompletableFuture[]::new)).thenApply(done -> {
      boolean anyFailed = false;
      for (int i = 0; i < names.size(); i++) {
        DnsAnswer answer = forward.get(i).join();
        if (answer.records().stream().anyMatch(r -> sameAddress(r, client))) {
          return new IprevVerdict(AuthResult.PASS, names.get(i));
        }
        anyFailed |= answer.failed();
      }
      return new IprevVerdict(anyFailed ? AuthResult.TEMPERROR : AuthResult.FAIL, names.get(0));
    });
  }

  private static boolean sameAddress(Record record, InetAddress client) {
    InetAddress address = record instanceof ARecord a
        ? a.getAddress()
        : record instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
    // Compared as bytes: a scoped IPv6 client address still equals its AAAA record.
    return address != null && Arrays.equals(address.getAddress(), client.getAddress());
  }
}
