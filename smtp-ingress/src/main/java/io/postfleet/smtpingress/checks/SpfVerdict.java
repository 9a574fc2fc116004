package io.postfleet.smtpingress.checks;

import java.util.Objects;

/**
 * The SPF result for one identity (RFC 7208 §2.3 and §2.4).
 *
 * @param result none, neutral, pass, fail, softfail, temperror or permerror
 * @param identity {@code helo} or {@code mailfrom}
 * @param sender the checked identity: the HELO name, or the MAIL FROM address
 *     ({@code postmaster@<helo>} for the null sender, §2.4)
 * @param domain the domain whose record was evaluated (the part after {@code @})
 * @param explanation a comment for Received-SPF and logs, empty when none
 */
public record SpfVerdict(AuthResult result, String identity, String sender, String domain, String explanation) {
  public SpfVerdict {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(explanation, "explanation");
  }
}
