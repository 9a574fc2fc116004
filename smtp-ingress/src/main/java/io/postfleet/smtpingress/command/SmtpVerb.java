package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.session.SessionPhase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The command table (Postfix's smtpd_cmd_table): each verb, the phases it is allowed in, and the
 * handler that serves it. Anything else is answered 500 by the dispatcher. The simplest verbs are
 * handled right here; the rest have a class each.
 */
public enum SmtpVerb {
  EHLO(EnumSet.allOf(SessionPhase.class), services -> new GreetingHandler(services.settings(), true)),
  HELO(EnumSet.allOf(SessionPhase.class), services -> new GreetingHandler(services.settings(), false)),
  MAIL(EnumSet.of(SessionPhase.GREETED), MailHandler::new),
  RCPT(EnumSet.of(SessionPhase.IN_TRANSACTION), RcptHandler::new),
  DATA(EnumSet.of(SessionPhase.IN_TRANSACTION), services -> new DataHandler()),
  RSET(EnumSet.allOf(SessionPhase.class), services -> (session, argument) -> {
    session.endTransaction();
    return CommandResult.reply(SmtpReply.ok());
  }),
  NOOP(EnumSet.allOf(SessionPhase.class), services -> (session, argument) ->
      CommandResult.reply(SmtpReply.ok())),
  QUIT(EnumSet.allOf(SessionPhase.class), services -> (session, argument) ->
      CommandResult.thenClose(SmtpReply.bye())),
  VRFY(EnumSet.allOf(SessionPhase.class), services -> (session, argument) ->
      CommandResult.reply(argument.isEmpty() ? SmtpReply.usage("VRFY address") : SmtpReply.cannotVerify())),
  HELP(EnumSet.allOf(SessionPhase.class), services -> (session, argument) ->
      CommandResult.reply(SmtpReply.help(names())));

  private final Set<SessionPhase> allowedIn;
  private final Function<SmtpServices, CommandHandler> handlerFactory;

  SmtpVerb(Set<SessionPhase> allowedIn, Function<SmtpServices, CommandHandler> handlerFactory) {
    this.allowedIn = allowedIn;
    this.handlerFactory = handlerFactory;
  }

  public static Optional<SmtpVerb> lookup(String verb) {
    for (SmtpVerb v : values()) {
      if (v.name().equals(verb)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  public boolean allowedIn(SessionPhase phase) {
    return allowedIn.contains(phase);
  }

  CommandHandler newHandler(SmtpServices services) {
    return handlerFactory.apply(services);
  }

  /** The 503 for this verb in a phase it is not allowed in (RFC 5321 §4.1.4). */
  public SmtpReply outOfSequence(SessionPhase phase) {
    if (phase == SessionPhase.CONNECTED) {
      return SmtpReply.needHelo();
    }
    return this == MAIL ? SmtpReply.nestedMail() : SmtpReply.needMail();
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (SmtpVerb v : values()) {
      names.add(v.name());
    }
    return names;
  }
}
