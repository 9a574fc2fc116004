package io.postfleet.smtpingress.checks.dkim;

/**
 * What to do with a signature that covers only the first {@code l=} octets of the body
 * (RFC 6376 §3.5). Anything can be appended after them unseen (§8.2), so a site may refuse them.
 */
public enum DkimLengthTag {
  /** Verify the signed part of the body, as RFC 6376 §3.5 describes. */
  HONOR,
  /** Do not verify such a signature: its result is {@code policy} (RFC 8601 §2.7.1). */
  REFUSE
}
