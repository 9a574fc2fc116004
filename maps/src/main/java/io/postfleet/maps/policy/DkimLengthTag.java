package io.postfleet.maps.policy;

/**
 * What a DKIM signature with a body length limit {@code l=} gets (RFC 6376 §8.2: content may be
 * appended after the signed part).
 */
public enum DkimLengthTag {
  /** Verified over the first {@code l} octets of the body, as RFC 6376 §3.5 describes. */
  HONOR,
  /** Not verified: the signature counts as {@code dkim=policy} (RFC 8601 §2.7.1). */
  REFUSE
}
