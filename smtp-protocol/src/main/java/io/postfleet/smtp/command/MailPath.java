package io.postfleet.smtp.command;

import java.util.Map;
import java.util.Objects;

/**
 * A reverse-path or forward-path from MAIL or RCPT, normalised, with its ESMTP parameters.
 *
 * @param address the mailbox without angle brackets, domain lower-cased and without a trailing
 *     dot; empty for the null reverse-path {@code <>}
 * @param parameters the ESMTP parameters (RFC 5321 §4.1.2), keywords upper-cased; a keyword
 *     without {@code =value} maps to the empty string
 */
public record MailPath(String address, Map<String, String> parameters) {
  public MailPath {
    Objects.requireNonNull(address, "address");
    parameters = Map.copyOf(parameters);
  }

  /** Whether the address has non-ASCII characters, which only SMTPUTF8 allows (RFC 6531 §3.4). */
  public boolean internationalised() {
    for (int i = 0; i < address.length(); i++) {
      if (address.charAt(i) > 0x7f) {
        return true;
      }
    }
    return false;
  }
}
