package io.postfleet.smtpingress.checks;

import java.util.Objects;

/**
 * The DMARC result of a message (RFC 7489 §6.6): whether an identifier aligned with the From:
 * domain passed, and what the domain owner asks for when none did.
 *
 * @param result pass, fail, none (no record), temperror or permerror (no usable From:)
 * @param fromDomain the RFC5322.From domain, lower case; empty when there is none
 * @param policyDomain the domain whose record applied, empty when none
 * @param disposition what the applicable policy ({@code p}, {@code sp} or {@code np}, after
 *     {@code pct}) asks for a failing message; {@link Disposition#NONE} on pass
 */
public record DmarcVerdict(AuthResult result, String fromDomain, String policyDomain, Disposition disposition) {

  /** RFC 7489 §6.3 {@code p=}: none, quarantine, reject. */
  public enum Disposition {
    NONE,
    QUARANTINE,
    REJECT
  }

  public DmarcVerdict {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(fromDomain, "fromDomain");
    Objects.requireNonNull(policyDomain, "policyDomain");
    Objects.requireNonNull(disposition, "disposition");
  }
}
