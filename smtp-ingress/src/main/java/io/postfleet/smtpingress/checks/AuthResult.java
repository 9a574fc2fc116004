package io.postfleet.smtpingress.checks;

import java.util.Locale;

/**
 * The result values of RFC 8601 §2.7 that the sender checks give (each method uses a subset:
 * SPF all but {@code policy}, iprev pass/fail/temperror/permerror, DMARC pass/fail/none/temperror/
 * permerror).
 */
public enum AuthResult {
  NONE,
  PASS,
  FAIL,
  SOFTFAIL,
  NEUTRAL,
  POLICY,
  TEMPERROR,
  PERMERROR;

  /** The keyword as Authentication-Results, Received-SPF and metrics write it. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
