package io.postfleet.smtpingress.session;

import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtp.command.RcptParameters;
import io.postfleet.smtp.input.ChunkedBodyReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One mail transaction (RFC 5321 §3.3): created at MAIL, gone after RSET, HELO/EHLO or the end of
 * DATA or the last BDAT chunk. The queue id is given when the first recipient is accepted, as
 * Postfix opens its queue file then (smtpd_delay_open), so rejected attempts log as
 * {@code NOQUEUE}. It keeps the ESMTP parameters of MAIL and of each RCPT, which travel on with
 * the message for the next hop and for bounces.
 */
public final class MailTransaction {
  private final String sender;
  private final MailParameters parameters;
  private final Map<String, RcptParameters> recipients = new LinkedHashMap<>();
  private int rejectedRecipients;
  private String queueId;
  private ChunkedBodyReader chunks;

  public MailTransaction(String sender, MailParameters parameters) {
    this.sender = Objects.requireNonNull(sender, "sender");
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  /** The reverse-path, empty for the null sender. */
  public String sender() {
    return sender;
  }

  public MailParameters parameters() {
    return parameters;
  }

  public List<String> recipients() {
    return List.copyOf(recipients.keySet());
  }

  /** The DSN parameters of each accepted recipient. */
  public Map<String, RcptParameters> recipientParameters() {
    return Map.copyOf(recipients);
  }

  public int recipientCount() {
    return recipients.size();
  }

  /**
   * Adds an accepted recipient; a repeated one is kept once, so it gets one copy, with the DSN
   * parameters it was first given.
   */
  public void addRecipient(String recipient, RcptParameters dsn) {
    recipients.putIfAbsent(recipient, Objects.requireNonNull(dsn, "dsn"));
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

  /** The BDAT content so far; empty until the first chunk (RFC 3030: then DATA is out of place). */
  public Optional<ChunkedBodyReader> chunks() {
    return Optional.ofNullable(chunks);
  }

  /** The reader for BDAT chunks, created with the first one. */
  public ChunkedBodyReader chunks(long sizeLimit) {
    if (chunks == null) {
      chunks = new ChunkedBodyReader(sizeLimit, parameters.body() == MailParameters.Body.BINARY_MIME);
    }
    return chunks;
  }
}
