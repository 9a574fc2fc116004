package io.postfleet.outboundrelay.smtp;

import java.util.Objects;

/**
 * A user and password for SMTP AUTH at a next hop (Postfix {@code smtp_sasl_password_maps}).
 *
 * @param allowPlaintext whether the password may travel without TLS; false unless said otherwise
 */
public record Credentials(String username, String password, boolean allowPlaintext) {
  public Credentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** Never the password: records print their components, and this one ends up in logs. */
  @Override
  public String toString() {
    return "Credentials[username=" + username + "]";
  }
}
