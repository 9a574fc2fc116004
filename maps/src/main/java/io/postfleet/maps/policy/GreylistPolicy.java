package io.postfleet.maps.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Greylisting as postgrey does it: a new (client network, sender, recipient) triplet is deferred
 * with 451 4.7.1 for {@code delay}; a retry after that and within {@code retryWindow} passes; a
 * client (or SPF-authenticated domain) that passed {@code autoAllowlistAfter} times skips the
 * delay; triplets unseen for {@code maxAge} are forgotten.
 */
public record GreylistPolicy(Duration delay, Duration retryWindow, int autoAllowlistAfter, Duration maxAge) {
  public static final GreylistPolicy DEFAULT = new GreylistPolicy(Duration.ofSeconds(300), Duration.ofDays(2), 5,
      Duration.ofDays(35));

  public GreylistPolicy {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(retryWindow, "retryWindow");
    Objects.requireNonNull(maxAge, "maxAge");
    if (delay.isNegative() || retryWindow.compareTo(delay) <= 0 || autoAllowlistAfter < 0) {
      throw new IllegalArgumentException("greylist: delay >= 0, retryWindow > delay, autoAllowlistAfter >= 0");
    }
  }
}
