package io.postfleet.smtpingress.checks;

import io.postfleet.maps.Address;
import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.PolicyResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * DKIM and DMARC at the end of DATA, and the trace headers that record every verdict. One message
 * has one answer, so where its recipients' domains differ the strictest mode applies. Mail from
 * mynetworks and from authenticated clients is not checked and gets no Authentication-Results of
 * ours; any incoming field that claims our authserv-id is removed from all mail (RFC 8601 §5).
 */
public final class ContentChecks {
  private static final Logger LOG = Logger.getLogger(ContentChecks.class);

  private final SenderCheckers checkers;
  private final IngressMetrics metrics;
  private final Duration lookupWait;

  ContentChecks(SenderCheckers checkers, IngressMetrics metrics, Duration lookupWait) {
    this.checkers = checkers;
    this.metrics = metrics;
    this.lookupWait = lookupWait;
  }

  public ContentVerdict check(ConnectionChecks connection, Optional<MailPolicy> loaded, boolean authenticated,
      List<String> recipients, byte[] received, String queueId) {
    byte[] content = checkers.withoutOurAuthenticationResults(received);
    if (connection.trusted() || authenticated) {
      return new ContentVerdict(PolicyResult.accept(), "", "", content);
    }
    if (loaded.isEmpty()) {
      return new ContentVerdict(PolicyResult.defer(SmtpReply.policyUnavailable(), "policy_unavailable"), "", "",
          content);
    }
    MailPolicy policy = loaded.get();
    CheckMode dkimMode = strictest(policy, connection, recipients, Check.DKIM);
    CheckMode dmarcMode = strictest(policy, connection, recipients, Check.DMARC);
    List<DkimVerdict> dkim = List.of();
    if (dkimMode != CheckMode.OFF || dmarcMode != CheckMode.OFF) {
      // DMARC is built on DKIM's results, so DKIM is verified whenever DMARC runs.
      dkim = checkers.dkim(received, policy.dkimLengthTag());
      dkim.forEach(v -> metrics.checkVerdict("dkim", v.result().keyword()));
      if (dkim.isEmpty()) {
        metrics.checkVerdict("dkim", "none");
      }
    }
    Optional<SpfVerdict> mailFromSpf = connection.mailFromSpf();
    DmarcVerdict dmarc = null;
    if (dmarcMode != CheckMode.OFF) {
      dmarc = checkers.dmarc(received, mailFromSpf.orElse(null), dkim);
      metrics.checkVerdict("dmarc", dmarc.result().keyword());
    }
    List<SpfVerdict> spf = new ArrayList<>(2);
    connection.heloSpf().ifPresent(spf::add);
    mailFromSpf.ifPresent(spf::add);
    IprevVerdict iprev = connection.iprev(lookupWait).orElse(null);
    StringBuilder headers = new StringBuilder(512)
        .append(checkers.authenticationResults(iprev, spf, dkim, dmarc, connection.client()));
    mailFromSpf.ifPresent(v -> headers.append(checkers.receivedSpf(v, connection.client(), connection.helo())));
    // One maillog line with every verdict and the queue id, as Authentication-Results records them.
    LOG.infof("%s: checks: client=[%s] iprev=%s dnsbl=%s spf=%s dkim=%s dmarc=%s header.from=%s", queueId,
        connection.client().getHostAddress(), iprev == null ? "off" : iprev.result().keyword(),
        connection.dnsbl(lookupWait).map(v -> String.valueOf(v.score())).orElse("off"),
        mailFromSpf.map(v -> v.result().keyword()).orElse("off"), summary(dkim),
        dmarc == null ? "off" : dmarc.result().keyword(), dmarc == null ? "" : dmarc.fromDomain());
    return new ContentVerdict(decide(policy, dkimMode, dkim, dmarcMode, dmarc), quarantine(dmarcMode, dmarc),
        headers.toString(), content);
  }

  private static PolicyResult decide(MailPolicy policy, CheckMode dkimMode, List<DkimVerdict> dkim,
      CheckMode dmarcMode, DmarcVerdict dmarc) {
    if (dmarcMode == CheckMode.ENFORCE && dmarc != null) {
      if (dmarc.result() == AuthResult.FAIL && dmarc.disposition() == DmarcVerdict.Disposition.REJECT) {
        return PolicyResult.reject(SmtpReply.dmarcRejected(policy.texts().dmarc(), dmarc.fromDomain()), "dmarc");
      }
      if (dmarc.result() == AuthResult.PERMERROR) {
        // RFC 7489 §6.6.1: several From: headers or addresses are how DMARC is evaded.
        return PolicyResult.reject(SmtpReply.badFromHeader(), "dmarc_from");
      }
      if (dmarc.result() == AuthResult.TEMPERROR) {
        return PolicyResult.defer(SmtpReply.authenticationUnavailable("DMARC policy"), "dmarc_temperror");
      }
    }
    if (dkimMode == CheckMode.ENFORCE && !dkim.isEmpty()
        && dkim.stream().noneMatch(v -> v.result() == AuthResult.PASS)) {
      // RFC 6376 §6.3 treats a failed signature as none; enforcing means signed mail must verify.
      return dkim.stream().allMatch(v -> v.result() == AuthResult.TEMPERROR)
          ? PolicyResult.defer(SmtpReply.authenticationUnavailable("DKIM signature"), "dkim_temperror")
          : PolicyResult.reject(SmtpReply.noPassingDkimSignature(), "dkim");
    }
    return PolicyResult.accept();
  }

  private static String quarantine(CheckMode dmarcMode, DmarcVerdict dmarc) {
    if (dmarcMode == CheckMode.ENFORCE && dmarc != null && dmarc.result() == AuthResult.FAIL
        && dmarc.disposition() == DmarcVerdict.Disposition.QUARANTINE) {
      return "dmarc=fail (p=quarantine) header.from=" + dmarc.fromDomain();
    }
    return "";
  }

  /** The mode of the strictest recipient domain: one message, one verdict. */
  private static CheckMode strictest(MailPolicy policy, ConnectionChecks connection, List<String> recipients,
      Check check) {
    CheckMode strictest = CheckMode.OFF;
    for (String recipient : recipients) {
      CheckMode mode = policy.modes(connection.listener(), Address.parse(recipient).domain()).mode(check);
      if (mode.compareTo(strictest) > 0) {
        strictest = mode;
      }
    }
    return strictest;
  }

  private static String summary(List<DkimVerdict> dkim) {
    if (dkim.isEmpty()) {
      return "none";
    }
    StringBuilder s = new StringBuilder();
    for (DkimVerdict v : dkim) {
      s.append(s.length() == 0 ? "" : ",").append(v.result().keyword()).append('(').append(v.domain()).append(')');
    }
    return s.toString();
  }
}
