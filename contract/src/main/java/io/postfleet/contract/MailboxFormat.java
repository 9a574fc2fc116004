package io.postfleet.contract;

/**
 * How a local mailbox stores its mail, chosen per mailbox: Postfix's {@code home_mailbox} ending in
 * {@code /} (Maildir) or not (mbox). Each has a fixed code on the wire, never its ordinal.
 */
public enum MailboxFormat {
  /** One file per message, {@code Maildir/{tmp,new,cur}}; safe for many writers, the default. */
  MAILDIR(0),
  /** All messages in one file, {@code From } lines between them, written under fcntl and dot locks. */
  MBOX(1);

  private final int code;

  MailboxFormat(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static MailboxFormat ofCode(int code) {
    for (MailboxFormat f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    throw new MalformedRecordException("unknown mailbox format " + code);
  }
}
