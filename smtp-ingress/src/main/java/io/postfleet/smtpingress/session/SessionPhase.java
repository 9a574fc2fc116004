package io.postfleet.smtpingress.session;

/** Where a session stands in the command sequence of RFC 5321 §4.1.4. */
public enum SessionPhase {
  /** Connected, no HELO or EHLO yet. */
  CONNECTED,
  /** Greeted, no mail transaction open. */
  GREETED,
  /** MAIL accepted; RCPT and DATA may follow. */
  IN_TRANSACTION
}
