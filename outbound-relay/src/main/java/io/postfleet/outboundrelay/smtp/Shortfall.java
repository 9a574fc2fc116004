package io.postfleet.outboundrelay.smtp;

import java.util.Objects;

/**
 * Why the client itself ended a session before the server refused anything: the server lacks what
 * the message or the destination's policy needs. Which of these bounce and which defer is
 * {@code OutcomeRules}' decision.
 *
 * @param kind what is missing
 * @param detail the reason in Postfix's words, naming the server
 */
public record Shortfall(Kind kind, String detail) {

  public enum Kind {
    /** The message is larger than the server's SIZE (RFC 1870 §6). */
    MESSAGE_TOO_BIG,
    /** The message has 8-bit content and the server has no 8BITMIME (RFC 6152 §3). */
    NEEDS_8BITMIME,
    /** The message was declared BINARYMIME (RFC 3030), which DATA cannot carry. */
    NEEDS_BINARYMIME,
    /** The envelope or headers are UTF-8 and the server has no SMTPUTF8 (RFC 6531 §3.2). */
    NEEDS_SMTPUTF8,
    /** The destination's policy requires TLS and the server did not offer STARTTLS. */
    TLS_NOT_OFFERED,
    /** The TLS handshake failed where the policy requires TLS. */
    TLS_FAILED,
    /** The policy requires a verified certificate and the server's was not. */
    CERTIFICATE_NOT_VERIFIED,
    /** Credentials are configured but cannot be used: no common mechanism, or no TLS to send them over. */
    AUTH_UNAVAILABLE,
    /** The server greeted, or answered EHLO, with our own hostname: the mail would come back to us. */
    LOOPS_BACK
  }

  public Shortfall {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }
}
