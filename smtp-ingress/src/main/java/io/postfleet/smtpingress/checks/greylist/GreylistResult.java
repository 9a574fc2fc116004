package io.postfleet.smtpingress.checks.greylist;

import java.time.Duration;
import java.util.Objects;

/**
 * What greylisting says about one recipient.
 *
 * @param action what to do
 * @param retryAfter for {@link Action#DEFER}, how long until a retry would pass; zero otherwise
 * @param reason for {@link Action#ERROR}, why the database could not be asked; empty otherwise
 */
public record GreylistResult(Action action, Duration retryAfter, String reason) {

  public enum Action {
    /** The triplet was seen before, at least the delay ago: accept. */
    PASS,
    /** A new triplet, or a retry too early: {@code 451 4.7.1} (RFC 3463 §3.8). */
    DEFER,
    /** The client network or SPF domain passed often enough to skip greylisting: accept. */
    ALLOWLISTED,
    /** The state could not be read or written; greylisting fails open: accept. */
    ERROR
  }

  private static final GreylistResult PASS = new GreylistResult(Action.PASS, Duration.ZERO, "");
  private static final GreylistResult ALLOWLISTED = new GreylistResult(Action.ALLOWLISTED, Duration.ZERO, "");

  public GreylistResult {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(retryAfter, "retryAfter");
    Objects.requireNonNull(reason, "reason");
  }

  public static GreylistResult pass() {
    return PASS;
  }

  public static GreylistResult allowlisted() {
    return ALLOWLISTED;
  }

  public static GreylistResult defer(Duration retryAfter) {
    return new GreylistResult(Action.DEFER, retryAfter, "");
  }

  public static GreylistResult error(String reason) {
    return new GreylistResult(Action.ERROR, Duration.ZERO, reason);
  }

  /** True unless the recipient is to be deferred: greylisting never rejects, and fails open. */
  public boolean accepts() {
    return action != Action.DEFER;
  }
}
