package io.postfleet.outboundrelay.smtp;

import io.postfleet.smtp.client.RemoteReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * SMTP AUTH (RFC 4954) with PLAIN (RFC 4616), or LOGIN for servers that offer only that. Both send
 * the password itself, so they are used over TLS only, unless the credentials say plaintext is
 * acceptable (a next hop on a trusted network).
 */
final class SmtpAuthentication {
  private static final int CONTINUE = 334;

  private SmtpAuthentication() {}

  /** Why the credentials cannot be used on this connection, if they cannot. */
  static Optional<Shortfall> unusable(SmtpConnection connection, Credentials credentials) {
    String peer = connection.target().peer();
    if (connection.tls().isEmpty() && !credentials.allowPlaintext()) {
      return Optional.of(new Shortfall(Shortfall.Kind.AUTH_UNAVAILABLE,
          "SASL authentication to " + peer + " needs TLS, which the session does not have"));
    }
    if (mechanism(connection.extensions().authMechanisms()).isEmpty()) {
      return Optional.of(new Shortfall(Shortfall.Kind.AUTH_UNAVAILABLE,
          "SASL authentication failed; cannot authenticate to server " + peer
              + ": no mechanism available (offered: " + connection.extensions().authMechanisms() + ")"));
    }
    return Optional.empty();
  }

  /** Returns the server's last reply: 235 when authenticated, anything else when not. */
  static RemoteReply authenticate(SmtpConnection connection, Credentials credentials, Duration timeout)
      throws IOException {
    if (mechanism(connection.extensions().authMechanisms()).orElseThrow().equals("PLAIN")) {
      // The initial response saves a round trip (RFC 4954 §4); no authorization identity.
      String response = "\0" + credentials.username() + "\0" + credentials.password();
      return connection.command("AUTH PLAIN " + base64(response), timeout);
    }
    RemoteReply reply = connection.command("AUTH LOGIN", timeout);
    if (reply.code() != CONTINUE) {
      return reply;
    }
    reply = connection.command(base64(credentials.username()), timeout);
    if (reply.code() != CONTINUE) {
      return reply;
    }
    return connection.command(base64(credentials.password()), timeout);
  }

  private static Optional<String> mechanism(Set<String> offered) {
    if (offered.contains("PLAIN")) {
      return Optional.of("PLAIN");
    }
    return offered.contains("LOGIN") ? Optional.of("LOGIN") : Optional.empty();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
