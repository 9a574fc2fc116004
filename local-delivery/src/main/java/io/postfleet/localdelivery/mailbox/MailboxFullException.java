package io.postfleet.localdelivery.mailbox;

import io.postfleet.contract.MailboxUsage;

/** The message does not fit in the mailbox's quota: bounced with 5.2.2, as Postfix's local(8) does. */
public class MailboxFullException extends RuntimeException {
  private final MailboxUsage usage;

  public MailboxFullException(MailboxUsage usage, String message) {
    super(message);
    this.usage = usage;
  }

  /** The mailbox's usage as it was when the message was refused. */
  public MailboxUsage usage() {
    return usage;
  }
}
