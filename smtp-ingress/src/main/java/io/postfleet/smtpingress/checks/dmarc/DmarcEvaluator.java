package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtp.name.Idna;
import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.checks.DmarcVerdict;
import io.postfleet.smtpingress.checks.DmarcVerdict.Disposition;
import io.postfleet.smtpingress.checks.SpfVerdict;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * DMARC for one message (RFC 7489 §6.6 with RFC 9989's tree walk and {@code np}): the From: domain,
 * its policy record, whether an SPF (MAIL FROM) or DKIM pass is aligned with it, and what a failing
 * message's policy asks for. A verdict with result permerror and an empty fromDomain means the
 * message has no single author (§6.6.1), which an enforcing listener rejects.
 */
public final class DmarcEvaluator {
  private static final Pattern LDH_NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

  private final DmarcPolicyLookup lookup;
  private final RandomGenerator random;

  /**
   * @param random draws the {@code pct} sample (§6.6.4); sessions share the evaluator, so it must be
   *     safe across threads ({@link java.util.Random} or {@link java.security.SecureRandom}, not
   *     SplittableRandom); a seeded one makes tests repeatable
   */
  public DmarcEvaluator(DmarcPolicyLookup lookup, RandomGenerator random) {
    this.lookup = lookup;
    this.random = random;
  }

  /** @param message the header section, or the whole message (reading stops at the empty line) */
  public DmarcVerdict evaluate(byte[] message, SpfVerdict mailFrom, List<DkimVerdict> dkim) {
    return evaluate(FromHeader.values(message), mailFrom, dkim);
  }

  /**
   * @param fromValues the unfolded value of each From: field
   * @param mailFrom the SPF verdict of the MAIL FROM identity, null when SPF did not run (a HELO
   *     verdict is not used: §4.1 aligns the MAIL FROM identity only)
   * @param dkim a verdict per DKIM-Signature field
   */
  public DmarcVerdict evaluate(List<String> fromValues, SpfVerdict mailFrom, List<DkimVerdict> dkim) {
    if (fromValues.isEmpty()) {
      // RFC 5322 §3.6 requires From:, yet Postfix takes mail without it; with no author there is no
      // domain whose policy could apply (RFC 7489 §6.6.1 leaves the rejection to the receiver).
      return new DmarcVerdict(AuthResult.NONE, "", "", Disposition.NONE);
    }
    Optional<String> author = FromHeader.singleDomain(fromValues).flatMap(DmarcEvaluator::aLabel);
    if (author.isEmpty()) {
      return new DmarcVerdict(AuthResult.PERMERROR, "", "", Disposition.NONE);
    }
    String from = author.get();
    try {
      Optional<PolicyRecord> found = lookup.policyFor(from);
      if (found.isEmpty() || found.get().record().policy().isEmpty()) {
        return new DmarcVerdict(AuthResult.NONE, from, "", Disposition.NONE);
      }
      PolicyRecord policy = found.get();
      Alignment alignment = new Alignment(lookup, from);
      if (alignment.anyAligned(mailFrom, dkim, policy.record())) {
        return new DmarcVerdict(AuthResult.PASS, from, policy.domain(), Disposition.NONE);
      }
      return new DmarcVerdict(AuthResult.FAIL, from, policy.domain(),
          sampled(requested(from, policy), policy.record()));
    } catch (DmarcDnsException e) {
      return new DmarcVerdict(AuthResult.TEMPERROR, from, "", Disposition.NONE);
    }
  }

  /** p for the domain itself, sp for a subdomain, np for one that does not exist (RFC 9989). */
  private Disposition requested(String from, PolicyRecord policy) throws DmarcDnsException {
    DmarcRecord record = policy.record();
    if (policy.domain().equals(from)) {
      return record.policy().orElseThrow();
    }
    // Only ask whether the domain exists when the answer could change the disposition.
    if (record.nonExistentPolicy() != record.subdomainPolicy() && !lookup.exists(from)) {
      return record.nonExistentPolicy();
    }
    return record.subdomainPolicy();
  }

  /**
   * §6.6.4: a message outside the {@code pct} sample gets the next less strict policy (reject
   * becomes quarantine, quarantine none); RFC 9989's t=y is pct=0.
   */
  private Disposition sampled(Disposition requested, DmarcRecord record) {
    int percent = record.percent();
    boolean selected = percent >= 100 || (percent > 0 && random.nextInt(100) < percent);
    if (selected) {
      return requested;
    }
    return requested == Disposition.REJECT ? Disposition.QUARANTINE : Disposition.NONE;
  }

  /**
   * The A-label form of a domain in lower case, the form alignment compares (RFC 7489 §3.1); empty
   * when it is no domain name (a domain literal, a bad U-label). {@link Idna}, as for every domain
   * we compare, so that the From: domain and the maps' domains are spelled alike.
   */
  static Optional<String> aLabel(String domain) {
    String bare = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    return Idna.toAscii(bare).filter(ascii -> ascii.length() <= 253 && LDH_NAME.matcher(ascii).matches());
  }
}
