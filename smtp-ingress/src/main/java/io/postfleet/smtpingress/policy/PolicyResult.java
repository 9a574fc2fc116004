package io.postfleet.smtpingress.policy;

import io.postfleet.smtp.SmtpReply;
import java.util.Objects;

/**
 * The answer of a policy hook: accept, reject for good, or defer (try again later). Never null,
 * never "carry on": every hook decides.
 *
 * @param decision what to do
 * @param reply what the client is told when the decision is not {@link Decision#ACCEPT}
 * @param reason a short tag for logs and metrics, such as {@code relay_denied}
 */
public record PolicyResult(Decision decision, SmtpReply reply, String reason) {

  /** OK / DENY / DENYSOFT in the words of other MTAs. */
  public enum Decision {
    ACCEPT,
    REJECT,
    DEFER
  }

  public PolicyResult {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(reason, "reason");
  }

  public static PolicyResult accept() {
    return new PolicyResult(Decision.ACCEPT, SmtpReply.recipientOk(), "accepted");
  }

  public static PolicyResult reject(SmtpReply reply, String reason) {
    return new PolicyResult(Decision.REJECT, reply, reason);
  }

  public static PolicyResult defer(SmtpReply reply, String reason) {
    return new PolicyResult(Decision.DEFER, reply, reason);
  }

  public boolean accepted() {
    return decision == Decision.ACCEPT;
  }
}
