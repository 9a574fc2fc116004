package io.postfleet.smtpingress.checks.connect;

import java.util.List;

/**
 * The DNSBL and DNSWL verdict for one client, as postscreen scores it: the sum of the weights of the
 * sites whose filter matched, and which zones said what.
 *
 * @param score the sum of the matching sites' weights (allowlists subtract)
 * @param listedBy zones of matching sites with a positive weight, in policy order
 * @param allowedBy zones of matching sites with a negative weight (DNSWL), in policy order
 * @param failedZones zones whose lookup or self-test lookup failed (temperror; they score nothing)
 * @param brokenZones zones skipped because they failed their self-test or answered an error code,
 *     and site specs that do not parse
 */
public record DnsblScore(
    int score, List<String> listedBy, List<String> allowedBy, List<String> failedZones, List<String> brokenZones) {
  public DnsblScore {
    listedBy = List.copyOf(listedBy);
    allowedBy = List.copyOf(allowedBy);
    failedZones = List.copyOf(failedZones);
    brokenZones = List.copyOf(brokenZones);
  }

  /** Whether the client counts as listed (postscreen_dnsbl_threshold). */
  public boolean listed(int threshold) {
    return score >= threshold;
  }
}
