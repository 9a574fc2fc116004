package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the sender checks know of one connection: the lookups started at connect (they run while
 * the client greets) and the SPF verdicts of the open transaction. Confined to the session's
 * thread, but for the futures.
 */
public final class ConnectionChecks {
  private final InetAddress client;
  private final PolicyListener listener;
  private final boolean trusted;
  private final MailPolicy policyAtConnect;
  private final CompletableFuture<IprevVerdict> iprev;
  private final CompletableFuture<DnsblScore> dnsbl;
  private String helo = "";
  private SpfVerdict heloSpf;
  private SpfVerdict mailFromSpf;

  ConnectionChecks(InetAddress client, PolicyListener listener, boolean trusted, MailPolicy policyAtConnect,
      CompletableFuture<IprevVerdict> iprev, CompletableFuture<DnsblScore> dnsbl) {
    this.client = client;
    this.listener = listener;
    this.trusted = trusted;
    this.policyAtConnect = policyAtConnect;
    this.iprev = iprev;
    this.dnsbl = dnsbl;
  }

  /** For a client in mynetworks: nothing is looked up, nothing is checked. */
  static ConnectionChecks trusted(InetAddress client, PolicyListener listener) {
    return new ConnectionChecks(client, listener, true, null, null, null);
  }

  public InetAddress client() {
    return client;
  }

  public PolicyListener listener() {
    return listener;
  }

  public boolean trusted() {
    return trusted;
  }

  /** The policy the connect-time lookups were started under; empty when none was loaded. */
  Optional<MailPolicy> policyAtConnect() {
    return Optional.ofNullable(policyAtConnect);
  }

  /** The FCrDNS verdict, waiting at most {@code wait}; empty when the check did not run. */
  Optional<IprevVerdict> iprev(Duration wait) {
    return await(iprev, wait, new IprevVerdict(AuthResult.TEMPERROR, ""));
  }

  Optional<DnsblScore> dnsbl(Duration wait) {
    return await(dnsbl, wait, new DnsblScore(0, List.of(), List.of(), List.of("(timed out)"), List.of()));
  }

  void spf(String heloName, SpfVerdict helo, SpfVerdict mailFrom) {
    this.helo = heloName;
    this.heloSpf = helo;
    this.mailFromSpf = mailFrom;
  }

  /** The HELO name the open transaction's SPF verdicts were made under. */
  String helo() {
    return helo;
  }

  /** SPF of the HELO name for the open transaction; empty when SPF did not run. */
  Optional<SpfVerdict> heloSpf() {
    return Optional.ofNullable(heloSpf);
  }

  /** SPF of MAIL FROM for the open transaction; empty when SPF did not run. */
  Optional<SpfVerdict> mailFromSpf() {
    return Optional.ofNullable(mailFromSpf);
  }

  /**
   * The lookups are written never to fail, and each is bounded by the DNS timeouts; the wait is a
   * second bound, so a stuck lookup costs a temperror instead of the session.
   */
  private static <T> Optional<T> await(CompletableFuture<T> future, Duration wait, T onTimeout) {
    if (future == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(future.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.ofNullable(onTimeout);
    } catch (ExecutionException | TimeoutException e) {
      return Optional.ofNullable(onTimeout);
    }
  }
}
