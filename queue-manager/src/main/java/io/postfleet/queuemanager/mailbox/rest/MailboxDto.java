package io.postfleet.queuemanager.mailbox.rest;

import io.postfleet.queuemanager.mailbox.Mailbox;
import java.time.Instant;

/** A mailbox on the wire; {@code receiveEnabled} defaults to true, {@code createdAt} is output only. */
public record MailboxDto(String address, Boolean receiveEnabled, Instant createdAt) {

  static MailboxDto of(Mailbox m) {
    return new MailboxDto(m.address, m.receiveEnabled, m.createdAt);
  }
}
