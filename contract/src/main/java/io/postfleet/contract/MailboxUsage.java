package io.postfleet.contract;

/**
 * How full a mailbox is, as its Maildir++ {@code maildirsize} file counts it (or, for an mbox, the
 * file's size): what local-delivery reports after each attempt so smtp-ingress can refuse mail for a
 * full mailbox at RCPT.
 *
 * @param bytes the bytes of every message in the mailbox and its folders
 * @param messages the number of those messages; -1 when not counted (an mbox)
 */
public record MailboxUsage(long bytes, long messages) {
  /** Nothing known: the mailbox has no quota (and so no accounting), or the attempt never reached it. */
  public static final MailboxUsage UNKNOWN = new MailboxUsage(-1, -1);

  public boolean known() {
    return bytes >= 0;
  }
}
