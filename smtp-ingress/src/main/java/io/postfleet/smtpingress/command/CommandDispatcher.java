package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.CommandLine;
import io.postfleet.smtp.command.SmtpSyntaxException;
import io.postfleet.smtp.input.InputLine;
import io.postfleet.smtpingress.session.ListenerRules;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one command line: parses it, looks the verb up in the {@link SmtpVerb} table, checks the
 * phase and the listener's demands, calls the handler, and keeps the session's error count and
 * statistics. While an AUTH exchange waits for the client, the line is its response instead.
 */
public final class CommandDispatcher {
  private final Map<SmtpVerb, CommandHandler> handlers = new EnumMap<>(SmtpVerb.class);
  private final SaslResponseHandler saslResponses;

  public CommandDispatcher(SmtpServices services) {
    for (SmtpVerb verb : SmtpVerb.values()) {
      handlers.put(verb, verb.newHandler(services));
    }
    saslResponses = new SaslResponseHandler(services);
  }

  public CommandResult dispatch(SmtpSession session, InputLine line) {
    if (session.saslExchange().isPresent()) {
      return counted(session, "auth", saslResponses.handle(session, line));
    }
    if (line.tooLong()) {
      return counted(session, "unknown", CommandResult.reply(SmtpReply.lineTooLong()));
    }
    CommandLine command;
    try {
      command = CommandLine.parse(line.text());
    } catch (SmtpSyntaxException e) {
      return counted(session, "unknown", CommandResult.reply(e.reply()));
    }
    Optional<SmtpVerb> found = SmtpVerb.lookup(command.verb());
    if (found.isEmpty()) {
      return counted(session, "unknown", CommandResult.reply(SmtpReply.commandUnrecognized()));
    }
    SmtpVerb verb = found.get();
    session.lastCommand(verb.name());
    if (!command.ascii() && !verb.has(SmtpVerb.Flag.UTF8_ARGUMENT)) {
      return counted(session, verb.name(), CommandResult.reply(SmtpReply.asciiOnly()));
    }
    if (!verb.allowedIn(session.phase())) {
      return counted(session, verb.name(), CommandResult.reply(verb.outOfSequence(session.phase())));
    }
    if (verb.has(SmtpVerb.Flag.LISTENER_CLEARANCE)) {
      Optional<SmtpReply> refusal = clearance(session);
      if (refusal.isPresent()) {
        return counted(session, verb.name(), CommandResult.reply(refusal.get()));
      }
    }
    return counted(session, verb.name(), handlers.get(verb).handle(session, command.argument()));
  }

  /** Postfix's submission overrides: TLS first where required, then AUTH where required. */
  private static Optional<SmtpReply> clearance(SmtpSession session) {
    ListenerRules rules = session.rules();
    if (rules.tlsRequired() && session.tls().isEmpty()) {
      return Optional.of(SmtpReply.mustStartTls());
    }
    if (rules.authRequired() && !session.isAuthenticated()) {
      return Optional.of(SmtpReply.authenticationRequired());
    }
    return Optional.empty();
  }

  private static CommandResult counted(SmtpSession session, String verb, CommandResult result) {
    SmtpReply reply = result.reply();
    session.stats().record(verb, reply.positive());
    // Like Postfix's smtpd_recipient_overshoot_limit, "too many recipients" is not held against
    // the client: RFC 5321 tells it to send the rest in another transaction.
    if (!reply.positive() && !reply.equals(SmtpReply.tooManyRecipients())) {
      session.countError();
    }
    return result;
  }
}
