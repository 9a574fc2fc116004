package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.auth.SaslExchange;
import io.postfleet.smtpingress.auth.SaslMechanism;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.Optional;

/**
 * AUTH mechanism [initial-response] (RFC 4954 §4). Never over plaintext: PLAIN and LOGIN carry the
 * password itself, so without TLS the answer is 538 5.7.11 whatever the listener (§6), and the
 * mechanisms are not even advertised there.
 */
final class AuthHandler implements CommandHandler {
  private final SaslSteps steps;

  AuthHandler(SmtpServices services) {
    this.steps = new SaslSteps(services);
  }

  @Override
  public CommandResult handle(SmtpSession session, String argument) {
    if (!session.rules().authOffered()) {
      return CommandResult.reply(SmtpReply.badSequence("authentication not enabled"));
    }
    if (session.tls().isEmpty()) {
      return CommandResult.reply(SmtpReply.encryptionRequired());
    }
    if (session.isAuthenticated()) {
      return CommandResult.reply(SmtpReply.alreadyAuthenticated());
    }
    String[] words = argument.split("[ \t]+");
    if (argument.isEmpty() || words.length > 2) {
      return CommandResult.reply(SmtpReply.usage("AUTH mechanism [initial-response]"));
    }
    Optional<SaslMechanism> mechanism = SaslMechanism.lookup(words[0]);
    if (mechanism.isEmpty()) {
      return CommandResult.reply(SmtpReply.unrecognizedAuthType());
    }
    SaslExchange exchange = new SaslExchange(mechanism.get());
    if (words.length == 2) {
      return steps.respond(session, exchange, words[1]);
    }
    session.saslExchange(exchange);
    return CommandResult.reply(SmtpReply.saslChallenge(exchange.firstChallenge()));
  }
}
