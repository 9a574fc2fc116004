package io.postfleet.localdelivery.pipe;

import io.postfleet.contract.LocalDeliveryJob;
import java.util.Map;

/**
 * The values of pipe(8)'s macros for one job. {@code ${nexthop}} is the recipient's domain: our
 * transport entries carry the command where Postfix's carry a next hop, and pipe(8) falls back to
 * the recipient domain too. The null sender reads as {@code null_sender} (MAILER-DAEMON by default).
 */
final class PipeMacros {
  /** Postfix's {@code recipient_delimiter}, as queue-manager's maps split extensions. */
  private static final char DELIMITER = '+';

  private PipeMacros() {}

  static Map<String, String> of(LocalDeliveryJob job, String nullSender) {
    String recipient = job.mailbox();
    int at = recipient.lastIndexOf('@');
    String local = at < 0 ? recipient : recipient.substring(0, at);
    String domain = at < 0 ? "" : recipient.substring(at + 1);
    int plus = local.indexOf(DELIMITER);
    String user = plus > 0 ? local.substring(0, plus) : local;
    String extension = plus > 0 ? local.substring(plus + 1) : "";
    return Map.of("sender", job.mailFrom().isEmpty() ? nullSender : job.mailFrom(), "recipient", recipient,
        "original_recipient", job.originalRecipient(), "nexthop", domain, "user", user, "extension", extension,
        "domain", domain, "queue_id", job.queueId());
  }
}
