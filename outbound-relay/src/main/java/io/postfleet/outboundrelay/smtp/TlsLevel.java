package io.postfleet.outboundrelay.smtp;

/** How much TLS a destination gets, Postfix's {@code smtp_tls_security_level} values. */
public enum TlsLevel {
  /** Never STARTTLS. */
  NONE,
  /**
   * Opportunistic (RFC 7435): STARTTLS when offered, no certificate check, and plaintext when it is
   * not offered or its handshake fails, since that is all an unauthenticated encryption can promise.
   */
  MAY,
  /** TLS required, certificate not checked: defer rather than send in plaintext. */
  ENCRYPT,
  /** TLS required with a certificate chain trusted by the trust store and naming the MX host. */
  VERIFY;

  /** Whether a session without TLS must not carry the message. */
  public boolean required() {
    return this == ENCRYPT || this == VERIFY;
  }
}
