package io.postfleet.smtpingress.checks;

import io.postfleet.smtpingress.policy.PolicyResult;
import java.util.Objects;

/**
 * What the checks at the end of DATA decided.
 *
 * @param decision accept, reject or defer the message
 * @param quarantine why the message is accepted but held; empty when it is not quarantined
 * @param traceHeaders the header fields we add (Authentication-Results, Received-SPF), CRLF-ended,
 *     empty when none
 * @param content the message as received, less the Authentication-Results fields that falsely
 *     claim our name
 */
public record ContentVerdict(PolicyResult decision, String quarantine, String traceHeaders, byte[] content) {
  public ContentVerdict {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(quarantine, "quarantine");
    Objects.requireNonNull(traceHeaders, "traceHeaders");
    Objects.requireNonNull(content, "content");
  }

  public boolean quarantined() {
    return !quarantine.isEmpty();
  }
}
