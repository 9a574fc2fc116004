package io.postfleet.smtpingress.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * A user name and password a client sent, to be checked once and wiped.
 *
 * @param username the authentication identity, printable text without controls
 * @param password the password; {@link #wipe()} clears it after the check
 */
public record SaslCredentials(String username, char[] password) {
  public SaslCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  public void wipe() {
    Arrays.fill(password, '\0');
  }
}
