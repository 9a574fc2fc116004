package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.command.CommandLine;
import io.postfleet.smtp.command.SmtpSyntaxException;
import io.postfleet.smtp.input.InputLine;
import io.postfleet.smtpingress.session.SmtpSession;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one command line: parses it, looks the verb up in the {@link SmtpVerb} table, checks the
 * phase, calls the handler, and keeps the session's error count and statistics.
 */
public final class CommandDispatcher {
  private final Map<SmtpVerb, CommandHandler> handlers = new EnumMap<>(SmtpVerb.class);

  public CommandDispatcher(SmtpServices services) {
    for (SmtpVerb verb : SmtpVerb.values()) {
      handlers.put(verb, verb.newHandler(services));
    }
  }

  public CommandResult dispatch(SmtpSession session, InputLine line) {
    if (line.tooLong()) {
      return counted(session, "unknown", CommandResult.reply(SmtpReply.lineTooLong()));
    }
    CommandLine command;
    try {
      command = CommandLine.parse(line.text());
    } catch (SmtpSyntaxException e) {
      return counted(session, "unknown", CommandResult.reply(e.reply()));
    }
    Optional<SmtpVerb> verb = SmtpVerb.lookup(command.verb());
    if (verb.isEmpty()) {
      return counted(session, "unknown", CommandResult.reply(SmtpReply.commandUnrecognized()));
    }
    session.lastCommand(verb.get().name());
    if (!verb.get().allowedIn(session.phase())) {
      return counted(session, verb.get().name(),
          CommandResult.reply(verb.get().outOfSequence(session.phase())));
    }
    return counted(session, verb.get().name(),
        handlers.get(verb.get()).handle(session, command.argument()));
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
