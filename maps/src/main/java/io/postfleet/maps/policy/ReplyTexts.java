package io.postfleet.maps.policy;

import java.util.Objects;

/**
 * The free text of the replies a check gives when it refuses; the codes are fixed (RFC 7372 and
 * Postfix's). {@code %s} in {@code dnsbl} is replaced by the zone.
 */
public record ReplyTexts(String dnsbl, String iprev, String spf, String dmarc, String greylist) {
  public static final ReplyTexts DEFAULT = new ReplyTexts(
      "Service unavailable; client [%s] blocked using %s",
      "Client host rejected: cannot find your reverse hostname",
      "SPF check failed",
      "Message rejected by the DMARC policy of its From: domain",
      "Recipient address rejected: Greylisted, see https://postgrey.schweikert.ch/help/");

  public ReplyTexts {
    Objects.requireNonNull(dnsbl, "dnsbl");
    Objects.requireNonNull(iprev, "iprev");
    Objects.requireNonNull(spf, "spf");
    Objects.requireNonNull(dmarc, "dmarc");
    Objects.requireNonNull(greylist, "greylist");
  }
}
