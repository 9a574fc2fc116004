package io.postfleet.smtpingress.quota;

import io.postfleet.maps.RecipientMaps;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.policy.PolicyResult;
import java.util.List;

/**
 * RCPT for a recipient whose mail would only land in full mailboxes gets {@code 452 4.2.2}, as
 * Postfix answers with Dovecot's quota-status policy service: temporary, so the sender retries after
 * the owner made room. A recipient that also reaches a mailbox with room (an alias to several) is
 * accepted; the full one bounces it at delivery.
 */
public final class MailboxFullCheck {
  /** For servers without quota data: accepts everyone. */
  public static final MailboxFullCheck NONE = new MailboxFullCheck(null, null);

  private final RecipientMaps maps;
  private final FullMailboxes full;

  public MailboxFullCheck(RecipientMaps maps, FullMailboxes full) {
    this.maps = maps;
    this.full = full;
  }

  public PolicyResult check(String recipient) {
    if (full == null || full.isEmpty()) {
      return PolicyResult.accept();
    }
    List<String> mailboxes = maps.mailboxes(recipient);
    if (mailboxes.isEmpty() || !mailboxes.stream().allMatch(full::contains)) {
      return PolicyResult.accept();
    }
    return PolicyResult.defer(SmtpReply.mailboxFull(recipient), "mailbox_full");
  }
}
