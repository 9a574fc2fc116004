package io.postfleet.queuemanager.policy.rest;

import java.util.List;
import java.util.Map;

/**
 * The sender-check policy on the wire, as {@code GET /api/v1/policy} returns it (every value
 * filled in) and {@code PUT} takes it (anything left out takes the default). Modes are
 * {@code off|tag|enforce} per check ({@code iprev, dnsbl, spf, greylist, dkim, dmarc}) and per
 * listener ({@code mx, submission}); durations are written as {@code 300s}, {@code 2d} or ISO-8601.
 */
public record PolicyDto(
    Map<String, Map<String, String>> listeners,
    Dnsbl dnsbl,
    Greylist greylist,
    Dkim dkim,
    Texts texts,
    Map<String, Domain> domains) {

  /** postscreen_dnsbl_sites, its threshold, and {@code ignore|enforce|drop}. */
  public record Dnsbl(List<String> zones, Integer threshold, String action) {}

  public record Greylist(String delay, String retryWindow, Integer autoAllowlistAfter, String maxAge) {}

  /** {@code honor|refuse}: what a signature with {@code l=} gets (RFC 6376 §8.2). */
  public record Dkim(String lengthTag) {}

  /** The free text of each refusal's reply. */
  public record Texts(String dnsbl, String iprev, String spf, String dmarc, String greylist) {}

  /** One recipient domain's overrides: the modes it changes and {@code hold|junk} for its quarantine. */
  public record Domain(Map<String, String> modes, String quarantine) {}
}
