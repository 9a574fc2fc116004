package io.postfleet.smtpingress.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One mail transaction (RFC 5321 §3.3): created at MAIL, gone after RSET, HELO/EHLO or the end of
 * DATA. The queue id is given when the first recipient is accepted, as Postfix opens its queue
 * file then (smtpd_delay_open), so rejected attempts log as {@code NOQUEUE}.
 */
public final class MailTransaction {
  private final String sender;
  private final List<String> recipients = new ArrayList<>();
  private int rejectedRecipients;
  private String queueId;

  public MailTransaction(String sender) {
    this.sender = Objects.requireNonNull(sender, "sender");
  }

  /** The reverse-path, empty for the null sender. */
  public String sender() {
    return sender;
  }

  public List<String> recipients() {
    return List.copyOf(recipients);
  }

  public int recipientCount() {
    return recipients.size();
  }

  /** Adds an accepted recipient; a repeated one is kept once, so it gets one copy. */
  public void addRecipient(String recipient) {
    if (!recipients.contains(recipient)) {
      recipients.add(recipient);
    }
  }

  public void recipientRejected() {
    rejectedRecipients++;
  }

  public int rejectedRecipients() {
    return rejectedRecipients;
  }

  public boolean hasQueueId() {
    return queueId != null;
  }

  /** The queue id, or {@code NOQUEUE} before the first recipient was accepted. */
  public String queueId() {
    return queueId == null ? "NOQUEUE" : queueId;
  }

  public void assignQueueId(String id) {
    if (queueId != null) {
      throw new IllegalStateException("queue id already assigned: " + queueId);
    }
    queueId = Objects.requireNonNull(id, "id");
  }
}
