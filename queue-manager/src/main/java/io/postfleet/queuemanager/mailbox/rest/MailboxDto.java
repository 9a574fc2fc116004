package io.postfleet.queuemanager.mailbox.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.queuemanager.mailbox.Mailbox;
import java.time.Instant;

/**
 * A mailbox on the wire. {@code receiveEnabled} false makes a send-only address (refused at RCPT);
 * {@code password} is write-only (stored as a bcrypt hash for SMTP AUTH; an empty string removes
 * it), {@code hasPassword} tells whether one is set; {@code quotaBytes} is optional; {@code format}
 * is {@code MAILDIR} (the default) or {@code MBOX}, how local-delivery stores the mailbox's mail.
 */
public record MailboxDto(
    String address,
    Boolean receiveEnabled,
    Long quotaBytes,
    MailboxFormat format,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String password,
    @JsonProperty(access = JsonProperty.Access.READ_ONLY) Boolean hasPassword,
    Instant createdAt) {

  static MailboxDto of(Mailbox m) {
    return new MailboxDto(m.address, m.receiveEnabled, m.quotaBytes, m.format, null, m.passwordHash != null, m.createdAt);
  }
}
