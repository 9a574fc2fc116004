package io.postfleet.maps.policy;

import java.util.Locale;

/** The sender checks of smtp-ingress, in the order a session meets them. */
public enum Check {
  /** FCrDNS at connect (RFC 8601 {@code iprev}). */
  IPREV,
  /** DNSBL and DNSWL zones at connect (postscreen_dnsbl_sites). */
  DNSBL,
  /** SPF of HELO and MAIL FROM (RFC 7208). */
  SPF,
  /** Greylisting at RCPT (postgrey). */
  GREYLIST,
  /** DKIM signatures at the end of DATA (RFC 6376, RFC 8463). */
  DKIM,
  /** DMARC at the end of DATA (RFC 7489). */
  DMARC;

  /** The lower-case name used in JSON, metrics and logs. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
