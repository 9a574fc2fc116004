package io.postfleet.outboundrelay.smtp;

import java.util.Optional;

/**
 * How opening a session went: a connection ready for mail, or the transcript of how it ended, which
 * may say to try the same host again without TLS.
 *
 * @param connection the ready connection (greeted, TLS and AUTH done as the policy asks)
 * @param ending how the session ended before it was ready
 * @param retryInPlaintext the TLS handshake failed where TLS was only opportunistic
 */
record SessionOpening(
    Optional<SmtpConnection> connection, Optional<SessionTranscript> ending, boolean retryInPlaintext) {

  static SessionOpening ready(SmtpConnection connection) {
    return new SessionOpening(Optional.of(connection), Optional.empty(), false);
  }

  static SessionOpening ended(SessionTranscript ending) {
    return new SessionOpening(Optional.empty(), Optional.of(ending), false);
  }

  static SessionOpening tlsFailed(SessionTranscript ending) {
    return new SessionOpening(Optional.empty(), Optional.of(ending), true);
  }
}
