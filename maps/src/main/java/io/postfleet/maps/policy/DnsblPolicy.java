package io.postfleet.maps.policy;

import java.util.List;
import java.util.Objects;

/**
 * The DNSBL and DNSWL zones, in Postfix's postscreen_dnsbl_sites syntax
 * ({@code zone[=filter][*weight]}, e.g. {@code zen.spamhaus.org=127.0.0.[2..11]*3}; a negative
 * weight allowlists, as {@code list.dnswl.org=127.0.[0..255].[1..3]*-5}), the score at which a
 * client counts as listed (postscreen_dnsbl_threshold) and what happens then. No zones by default.
 */
public record DnsblPolicy(List<String> zones, int threshold, DnsblAction action) {
  public static final DnsblPolicy DEFAULT = new DnsblPolicy(List.of(), 1, DnsblAction.ENFORCE);

  public DnsblPolicy {
    zones = List.copyOf(zones);
    Objects.requireNonNull(action, "action");
    if (threshold < 1) {
      throw new IllegalArgumentException("dnsbl threshold must be at least 1");
    }
  }
}
