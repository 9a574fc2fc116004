package io.postfleet.smtpingress.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The SASL mechanisms offered with AUTH (RFC 4954). Both send the password itself, which is why
 * AUTH is offered only inside TLS: PLAIN (RFC 4616) in one response, LOGIN (the old Outlook
 * mechanism, draft-murchison-sasl-login) in two.
 */
public enum SaslMechanism {
  PLAIN,
  LOGIN;

  /** The EHLO keyword line, {@code AUTH PLAIN LOGIN}. */
  public static String advertisement() {
    StringBuilder line = new StringBuilder("AUTH");
    for (SaslMechanism m : values()) {
      line.append(' ').append(m.name());
    }
    return line.toString();
  }

  public static Optional<SaslMechanism> lookup(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }
}
