package io.postfleet.smtpingress.checks;

import java.util.Objects;

/**
 * Forward-confirmed reverse DNS of the client (RFC 8601 §3): {@code pass} when a PTR name of the
 * address resolves back to it, {@code fail} when none does or there is no PTR, {@code temperror}
 * when DNS could not say.
 *
 * @param result pass, fail, temperror or permerror
 * @param hostname the confirmed name on pass, otherwise the first PTR name or empty
 */
public record IprevVerdict(AuthResult result, String hostname) {
  public IprevVerdict {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(hostname, "hostname");
  }
}
