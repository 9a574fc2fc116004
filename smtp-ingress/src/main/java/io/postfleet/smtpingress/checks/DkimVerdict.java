package io.postfleet.smtpingress.checks;

import java.util.Objects;

/**
 * The result of verifying one DKIM-Signature header field (RFC 6376 §6, RFC 8601 §2.7.1).
 *
 * @param result pass, fail, neutral, policy, temperror or permerror
 * @param domain the signing domain, the {@code d=} tag (lower case); empty if unreadable
 * @param selector the {@code s=} tag; empty if unreadable
 * @param algorithm the {@code a=} tag, e.g. {@code rsa-sha256} or {@code ed25519-sha256}
 * @param signaturePrefix the first characters of {@code b=} (at least 8, RFC 6008), to tell
 *     signatures apart in Authentication-Results' {@code header.b}
 * @param reason why it did not pass, empty on pass
 */
public record DkimVerdict(AuthResult result, String domain, String selector, String algorithm,
    String signaturePrefix, String reason) {
  public DkimVerdict {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(signaturePrefix, "signaturePrefix");
    Objects.requireNonNull(reason, "reason");
  }
}
