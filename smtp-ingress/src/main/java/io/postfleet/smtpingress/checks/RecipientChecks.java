package io.postfleet.smtpingress.checks;

import io.postfleet.maps.Address;
import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckModes;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.checks.greylist.GreylistResult;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.PolicyResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The sender checks' verdicts at RCPT, under the policy of the recipient's domain, in Postfix's
 * usual order: DNSBL, reverse DNS, SPF, then greylisting last, so that mail which would be refused
 * anyway is never greylisted. A check that could not look something up defers (4xx); only a clean
 * negative refuses (5xx).
 */
public final class RecipientChecks {
  private static final Logger LOG = Logger.getLogger(RecipientChecks.class);

  private final SenderCheckers checkers;
  private final IngressMetrics metrics;
  private final Duration lookupWait;

  RecipientChecks(SenderCheckers checkers, IngressMetrics metrics, Duration lookupWait) {
    this.checkers = checkers;
    this.metrics = metrics;
    this.lookupWait = lookupWait;
  }

  /**
   * @param authenticated whether the client has authenticated (then nothing is checked)
   * @param sender the MAIL FROM address, empty for the null sender
   * @param recipient the accepted recipient, as the maps know it
   */
  public PolicyResult check(ConnectionChecks connection, Optional<MailPolicy> loaded, boolean authenticated,
      String sender, String recipient) {
    if (connection.trusted() || authenticated) {
      return PolicyResult.accept();
    }
    if (loaded.isEmpty()) {
      return PolicyResult.defer(SmtpReply.policyUnavailable(), "policy_unavailable");
    }
    MailPolicy policy = loaded.get();
    CheckModes modes = policy.modes(connection.listener(), Address.parse(recipient).domain());
    String ip = connection.client().getHostAddress();
    if (modes.enforces(Check.DNSBL) && policy.dnsbl().action() != DnsblAction.IGNORE) {
      Optional<DnsblScore> dnsbl = connection.dnsbl(lookupWait);
      if (dnsbl.isPresent() && dnsbl.get().listed(policy.dnsbl().threshold())) {
        return PolicyResult.reject(SmtpReply.clientBlocked(dnsblText(policy, ip, dnsbl.get())), "dnsbl");
      }
    }
    if (modes.enforces(Check.IPREV)) {
      Optional<IprevVerdict> iprev = connection.iprev(lookupWait);
      if (iprev.isPresent() && iprev.get().result() == AuthResult.FAIL) {
        return PolicyResult.reject(SmtpReply.reverseDnsFailed(ip, policy.texts().iprev()), "iprev");
      }
      if (iprev.isPresent() && iprev.get().result() == AuthResult.TEMPERROR) {
        return PolicyResult.defer(SmtpReply.reverseDnsUnavailable(ip), "iprev_temperror");
      }
    }
    Optional<SpfVerdict> spf = connection.mailFromSpf();
    if (modes.enforces(Check.SPF) && spf.isPresent()) {
      // RFC 7208 §8.4 and §8.6: reject fail, defer temperror; softfail and the rest pass (§8.5).
      if (spf.get().result() == AuthResult.FAIL) {
        return PolicyResult.reject(SmtpReply.spfFailed(policy.texts().spf(), spfDetail(spf.get(), ip)), "spf");
      }
      if (spf.get().result() == AuthResult.TEMPERROR) {
        return PolicyResult.defer(SmtpReply.spfUnavailable(spf.get().domain()), "spf_temperror");
      }
    }
    if (modes.runs(Check.GREYLIST)) {
      Optional<String> spfDomain = spf.filter(v -> v.result() == AuthResult.PASS).map(SpfVerdict::domain);
      GreylistResult grey = checkers.greylist(connection.client(), sender, recipient, spfDomain, policy.greylist());
      metrics.checkVerdict("greylist", grey.action().name().toLowerCase(Locale.ROOT));
      if (!grey.accepts() && modes.enforces(Check.GREYLIST)) {
        long seconds = Math.max(1, grey.retryAfter().toSeconds());
        LOG.infof("action=greylist, client_address=%s, sender=<%s>, recipient=<%s>, delay=%d", ip, sender,
            recipient, seconds);
        return PolicyResult.defer(SmtpReply.greylisted(recipient, policy.texts().greylist(), seconds), "greylisted");
      }
    }
    return PolicyResult.accept();
  }

  static String dnsblText(MailPolicy policy, String ip, DnsblScore verdict) {
    String zone = verdict.listedBy().isEmpty() ? "DNSBL" : verdict.listedBy().get(0);
    return String.format(Locale.ROOT, policy.texts().dnsbl(), ip, zone);
  }

  private static String spfDetail(SpfVerdict verdict, String ip) {
    return verdict.domain() + " does not designate " + ip + " as permitted sender";
  }
}
