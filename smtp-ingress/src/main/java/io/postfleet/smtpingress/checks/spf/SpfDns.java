package io.postfleet.smtpingress.checks.spf;

import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * jSPF's view of DNS, answered by smtp-ingress's {@link Dns} (its servers, its TTL cache, no search
 * path, no hosts file) instead of jSPF's own dnsjava {@code Lookup}, which would read resolv.conf's
 * search list. jSPF takes {@code null} for "no records" and a {@link TimeoutException} for "could
 * not look up", which it turns into temperror (RFC 7208 §2.6.6). It also counts the void lookups
 * of RFC 7208 §4.6.4, which jSPF does not limit, per check on the checking thread: jSPF's
 * synchronous executor makes every lookup of a check on the thread that started it.
 */
final class SpfDns implements DNSService {
  /** RFC 7208 §4.6.4: at most 10 names from one MX or PTR lookup are looked at. */
  private static final int RECORD_LIMIT = 10;

  private final Dns dns;
  private final String hostname;
  private final ThreadLocal<int[]> voidLookups = ThreadLocal.withInitial(() -> new int[1]);
  private volatile int recordLimit = RECORD_LIMIT;

  SpfDns(Dns dns, String hostname) {
    this.dns = dns;
    this.hostname = hostname;
  }

  /** Starts counting the void lookups of a check made on this thread. */
  void startCheck() {
    voidLookups.get()[0] = 0;
  }

  /** How many lookups of the current check on this thread found no name or no records. */
  int voidLookups() {
    return voidLookups.get()[0];
  }

  @Override
  public List<String> getRecords(DNSRequest request) throws TimeoutException {
    if (request.getRecordType() == DNSRequest.SPF) {
      // RFC 7208 §3.1 and §4.4: the SPF RR type is discontinued, records are TXT only; asking for
      // it cost a query per check that no resolver caches without an SOA.
      return List.of();
    }
    DnsAnswer answer = dns.lookup(request.getHostname(), type(request));
    if (answer instanceof DnsAnswer.Failed failed) {
      throw new TimeoutException(failed.reason());
    }
    // Void lookups are those of mechanisms and macros (A, AAAA, MX, PTR), not of SPF records.
    if (answer.records().isEmpty() && request.getRecordType() != DNSRequest.TXT
        && request.getRecordType() != DNSRequest.SPF) {
      voidLookups.get()[0]++;
    }
    return strings(answer);
  }

  @Override
  public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
    if (request.getRecordType() == DNSRequest.SPF) {
      return CompletableFuture.completedFuture(List.of());
    }
    return dns.lookupAsync(request.getHostname(), type(request)).thenApply(answer -> {
      if (answer instanceof DnsAnswer.Failed failed) {
        throw new CompletionException(new TimeoutException(failed.reason()));
      }
      return strings(answer);
    });
  }

  /** The {@code %{r}} macro's name (RFC 7208 §7.3): this server's. */
  @Override
  public List<String> getLocalDomainNames() {
    return List.of(hostname);
  }

  /** Timeouts are {@link Dns}'s, set once where it is created, so one setting rules every check. */
  @Override
  public void setTimeOut(int timeOut) {
    // Deliberately ignored: see above.
  }

  @Override
  public int getRecordLimit() {
    return recordLimit;
  }

  @Override
  public void setRecordLimit(int recordLimit) {
    this.recordLimit = recordLimit;
  }

  private static List<String> strings(DnsAnswer answer) {
    List<Record> records = answer.records();
    // jSPF's own conversion: TXT strings joined (RFC 7208 §3.3), MX and PTR targets, addresses.
    return records.isEmpty() ? null : DNSServiceXBillImpl.convertRecordsToList(records.toArray(Record[]::new));
  }

  private static int type(DNSRequest request) {
    return switch (request.getRecordType()) {
      case DNSRequest.A -> Type.A;
      case DNSRequest.AAAA -> Type.AAAA;
      case DNSRequest.MX -> Type.MX;
      case DNSRequest.PTR -> Type.PTR;
      case DNSRequest.SPF -> Type.SPF;
      case DNSRequest.TXT -> Type.TXT;
      default -> throw new IllegalArgumentException("no DNS type for jSPF request " + request);
    };
  }
}
