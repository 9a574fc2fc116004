package io.postfleet.maps.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What one recipient domain changes of its listener's policy: the modes it overrides (checks left
 * out keep the listener's) and where its quarantined mail goes.
 */
public record DomainPolicy(String domain, Map<Check, CheckMode> modes, QuarantineTarget quarantine) {
  public DomainPolicy {
    Objects.requireNonNull(domain, "domain");
    modes = Map.copyOf(modes);
    Objects.requireNonNull(quarantine, "quarantine");
  }
}
