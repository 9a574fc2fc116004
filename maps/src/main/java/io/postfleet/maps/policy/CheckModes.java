package io.postfleet.maps.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The mode of every check, for one listener or one listener and domain. */
public final class CheckModes {
  private final Map<Check, CheckMode> modes;

  private CheckModes(Map<Check, CheckMode> modes) {
    EnumMap<Check, CheckMode> copy = new EnumMap<>(Check.class);
    for (Check check : Check.values()) {
      copy.put(check, modes.getOrDefault(check, CheckMode.OFF));
    }
    this.modes = Collections.unmodifiableMap(copy);
  }

  /** Every check in the given mode, checks left out {@link CheckMode#OFF}. */
  public static CheckModes of(Map<Check, CheckMode> modes) {
    return new CheckModes(modes);
  }

  public static CheckModes allOff() {
    return new CheckModes(Map.of());
  }

  public CheckMode mode(Check check) {
    return modes.get(check);
  }

  public boolean runs(Check check) {
    return modes.get(check) != CheckMode.OFF;
  }

  public boolean enforces(Check check) {
    return modes.get(check) == CheckMode.ENFORCE;
  }

  /** These modes with some replaced, as a domain's overrides replace its listener's. */
  public CheckModes with(Map<Check, CheckMode> overrides) {
    EnumMap<Check, CheckMode> merged = new EnumMap<>(modes);
    merged.putAll(overrides);
    return new CheckModes(merged);
  }

  public Map<Check, CheckMode> asMap() {
    return modes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CheckModes other && modes.equals(other.modes);
  }

  @Override
  public int hashCode() {
    return modes.hashCode();
  }

  @Override
  public String toString() {
    return modes.toString();
  }
}
