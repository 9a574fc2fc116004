package io.postfleet.queuemanager.mailbox.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.queuemanager.mailbox.Mailbox;
import io.postfleet.queuemanager.mailbox.MailboxUsageStore;
import java.time.Instant;

/**
 * A mailbox on the wire. {@code receiveEnabled} false makes a send-only address (refused at RCPT);
 * {@code password} is write-only (stored as a bcrypt hash for SMTP AUTH; an empty string removes
 * it), {@code hasPassword} tells whether one is set; {@code quotaBytes} is optional (absent: no
 * quota); {@code format} is {@code MAILDIR} (the default) or {@code MBOX}, how local-delivery stores
 * the mailbox's mail. {@code usedBytes}, {@code usedMessages} and {@code usageUpdatedAt} are what
 * local-delivery last counted in the mailbox (only a Maildir mailbox with a quota is counted; absent
 * until its first delivery).
 */
public record MailboxDto(
    String address,
    Boolean receiveEnabled,
    Long quotaBytes,
    MailboxFormat format,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String password,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Boolean hasPassword,
    Instant createdAt,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Long usedBytes,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Long usedMessages,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Instant usageUpdatedAt) {

  /** The mailbox as it is configured, as the audit log records it. */
  static MailboxDto of(Mailbox m) {
    return of(m, null);
  }

  /** The mailbox with its usage; null when it was never counted. */
  static MailboxDto of(Mailbox m, MailboxUsageStore.Stored usage) {
    return new MailboxDto(m.address, m.receiveEnabled, m.quotaBytes, m.format, null, m.passwordHash != null,
        m.createdAt, usage == null ? null : usage.bytes(), usage == null ? null : usage.messages(),
        usage == null ? null : usage.updatedAt());
  }
}
