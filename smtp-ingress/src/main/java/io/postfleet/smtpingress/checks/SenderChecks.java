package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The sender checks at connect and MAIL, as Postfix's postscreen and smtpd_client/sender
 * restrictions: clients in mynetworks skip them all (permit_mynetworks comes first); for the
 * others FCrDNS and the DNSBL zones are looked up at connect, in parallel and while the client
 * greets, and SPF is evaluated at MAIL. What their verdicts do is decided per recipient domain at
 * RCPT ({@link RecipientChecks}, smtpd_delay_reject), so an authenticated client is never refused
 * by them; only the DNSBL action {@code drop} acts at connect.
 */
public final class SenderChecks {
  private static final Logger LOG = Logger.getLogger(SenderChecks.class);

  private final SenderCheckers checkers;
  private final PolicySource policies;
  private final IngressMetrics metrics;
  private final Duration lookupWait;
  private final RecipientChecks recipients;
  private final ContentChecks content;

  /**
   * @param lookupWait the longest a stage waits for a connect-time lookup; past it the lookup
   *     counts as a temperror
   */
  public SenderChecks(SenderCheckers checkers, PolicySource policies, IngressMetrics metrics, Duration lookupWait) {
    this.checkers = checkers;
    this.policies = policies;
    this.metrics = metrics;
    this.lookupWait = lookupWait;
    this.recipients = new RecipientChecks(checkers, metrics, lookupWait);
    this.content = new ContentChecks(checkers, metrics, lookupWait);
  }

  public RecipientChecks recipients() {
    return recipients;
  }

  public ContentChecks content() {
    return content;
  }

  public Optional<MailPolicy> policy() {
    return policies.current();
  }

  /** Starts the connect-time lookups the policy asks for. */
  public ConnectionChecks connect(InetAddress client, PolicyListener listener, boolean trusted) {
    Optional<MailPolicy> loaded = policies.current();
    if (trusted) {
      return ConnectionChecks.trusted(client, listener);
    }
    if (loaded.isEmpty()) {
      return new ConnectionChecks(client, listener, false, null, null, null);
    }
    MailPolicy policy = loaded.get();
    CompletableFuture<IprevVerdict> iprev = null;
    if (policy.anyRuns(listener, Check.IPREV)) {
      iprev = checkers.iprev(client);
      iprev.thenAccept(v -> metrics.checkVerdict("iprev", v.result().keyword()));
    }
    CompletableFuture<DnsblScore> dnsbl = null;
    if (policy.anyRuns(listener, Check.DNSBL) && !policy.dnsbl().zones().isEmpty()) {
      dnsbl = checkers.dnsbl(client, policy.dnsbl());
      int threshold = policy.dnsbl().threshold();
      dnsbl.thenAccept(v -> metrics.checkVerdict("dnsbl", v.listed(threshold)
          ? "listed"
          : v.failedZones().isEmpty() ? "clean" : "temperror"));
    }
    return new ConnectionChecks(client, listener, false, policy, iprev, dnsbl);
  }

  /**
   * postscreen's {@code drop}: a client listed above the threshold on a listener that enforces
   * DNSBLs is cut off before the greeting. The wait for the zones is the price of that action.
   */
  public Optional<SmtpReply> refusalAtConnect(ConnectionChecks connection, String hostname) {
    Optional<MailPolicy> policy = connection.policyAtConnect();
    if (policy.isEmpty() || policy.get().dnsbl().action() != DnsblAction.DROP
        || !policy.get().modes(connection.listener()).enforces(Check.DNSBL)) {
      return Optional.empty();
    }
    int threshold = policy.get().dnsbl().threshold();
    return connection.dnsbl(lookupWait)
        .filter(v -> v.listed(threshold))
        .map(v -> {
          String ip = connection.client().getHostAddress();
          LOG.infof("DROP [%s]: DNSBL rank %d for %s", ip, v.score(), String.join(", ", v.listedBy()));
          return SmtpReply.clientDropped(hostname,
              RecipientChecks.dnsblText(policy.get(), ip, v));
        });
  }

  /** SPF of HELO and MAIL FROM for a new transaction of a client that is checked. */
  public void mail(ConnectionChecks connection, boolean authenticated, String helo, String sender) {
    connection.spf(helo, null, null);
    Optional<MailPolicy> policy = policies.current();
    if (connection.trusted() || authenticated || policy.isEmpty()
        || !policy.get().anyRuns(connection.listener(), Check.SPF)) {
      return;
    }
    SpfVerdict heloVerdict = checkers.spfHelo(connection.client(), helo);
    SpfVerdict mailFrom = checkers.spfMailFrom(connection.client(), helo, sender);
    connection.spf(helo, heloVerdict, mailFrom);
    metrics.checkVerdict("spf", mailFrom.result().keyword());
  }
}
