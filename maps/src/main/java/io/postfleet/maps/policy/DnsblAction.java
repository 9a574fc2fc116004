package io.postfleet.maps.policy;

/** What a client whose DNSBL score reaches the threshold gets (postscreen_dnsbl_action). */
public enum DnsblAction {
  /** Logged and tagged only. */
  IGNORE,
  /** Every RCPT refused with 554 5.7.1, so the client learns why (smtpd_delay_reject). */
  ENFORCE,
  /** 521 5.7.1 at once, and the connection is closed (RFC 7504). */
  DROP
}
