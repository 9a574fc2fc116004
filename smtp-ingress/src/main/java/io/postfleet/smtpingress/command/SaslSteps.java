package io.postfleet.smtpingress.command;

import io.postfleet.maps.MapsAnswer;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.auth.SaslCredentials;
import io.postfleet.smtpingress.auth.SaslExchange;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Moves an AUTH exchange on by one client response, for the AUTH command's initial response and
 * for the lines that follow a 334: decodes it, asks for more or checks the credentials against
 * the maps (bcrypt, in memory), and answers 235, 535, or 454 while the maps cannot say
 * (RFC 4954 §4, §6).
 */
final class SaslSteps {
  private static final Logger LOG = Logger.getLogger(SaslSteps.class);

  private final SmtpServices services;

  SaslSteps(SmtpServices services) {
    this.services = services;
  }

  /** The client's base64 response; {@code =} stands for an empty one (RFC 4954 §4). */
  CommandResult respond(SmtpSession session, SaslExchange exchange, String base64) {
    session.saslExchange(null);
    byte[] response;
    try {
      response = base64.equals("=") ? new byte[0] : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return CommandResult.reply(SmtpReply.cannotDecodeResponse());
    }
    Optional<String> challenge;
    try {
      challenge = exchange.respond(response);
    } catch (SaslExchange.MalformedResponseException e) {
      return failed(session, exchange, "malformed response");
    }
    if (challenge.isPresent()) {
      session.saslExchange(exchange);
      return CommandResult.reply(SmtpReply.saslChallenge(challenge.get()));
    }
    SaslCredentials credentials = exchange.credentials();
    MapsAnswer valid;
    try {
      valid = services.clients().verifyPassword(credentials.username(), credentials.password());
    } finally {
      credentials.wipe();
    }
    if (valid == MapsAnswer.UNAVAILABLE) {
      LOG.warnf("warning: %s: SASL %s authentication failed: maps not loaded, credentials of %s not checked",
          session.client().forLog(), exchange.mechanism(), credentials.username());
      return CommandResult.reply(SmtpReply.temporaryAuthenticationFailure());
    }
    if (valid == MapsAnswer.NO) {
      return failed(session, exchange, "bad credentials for " + credentials.username());
    }
    session.authenticated(credentials.username());
    services.metrics().authentication(true);
    LOG.infof("%s: client=%s, sasl_method=%s, sasl_username=%s", session.rules().name(),
        session.client().forLog(), exchange.mechanism(), credentials.username());
    return CommandResult.reply(SmtpReply.authenticated());
  }

  private CommandResult failed(SmtpSession session, SaslExchange exchange, String why) {
    services.metrics().authentication(false);
    LOG.warnf("warning: %s: SASL %s authentication failed: %s", session.client().forLog(),
        exchange.mechanism(), why);
    return CommandResult.reply(SmtpReply.authenticationFailed());
  }
}
