package io.postfleet.maps.policy;

/** Where a message a check quarantines goes. */
public enum QuarantineTarget {
  /** Accepted and held in the queue (state HELD, as Postfix's HOLD action), to be released or deleted. */
  HOLD,
  /** Accepted and delivered into the mailbox's {@code .Junk} Maildir folder. */
  JUNK
}
