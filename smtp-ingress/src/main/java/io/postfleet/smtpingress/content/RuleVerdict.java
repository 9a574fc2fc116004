package io.postfleet.smtpingress.content;

import java.util.Objects;

/**
 * What the header and body rules made of a message.
 *
 * @param outcome deliver it, refuse it, or claim it delivered and drop it
 * @param text the REJECT rule's text (empty otherwise)
 * @param hold why a HOLD rule quarantines it; empty when none did
 * @param content the message with the IGNORE, STRIP, PREPEND and REPLACE edits made
 */
public record RuleVerdict(Outcome outcome, String text, String hold, byte[] content) {
  public enum Outcome {
    ACCEPT,
    REJECT,
    DISCARD
  }

  public RuleVerdict {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(content, "content");
  }
}
