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
 * The command table (Postfix's smtpd_cmd_table): each verb, the phases it is allowed in, what else
 * it demands, and the handler that serves it. Anything else is answered 500 by the dispatcher. The
 * simplest verbs are handled right here; the rest have a class each.
 */
public enum SmtpVerb {
  EHLO(EnumSet.allOf(SessionPhase.class), services -> new GreetingHandler(services, true)),
  HELO(EnumSet.allOf(SessionPhase.class), services -> new GreetingHandler(services, false)),
  STARTTLS(EnumSet.of(SessionPhase.CONNECTED, SessionPhase.GREETED), StartTlsHandler::new),
  AUTH(EnumSet.of(SessionPhase.GREETED), AuthHandler::new),
  MAIL(EnumSet.of(SessionPhase.GREETED), MailHandler::new, Flag.UTF8_ARGUMENT, Flag.LISTENER_CLEARANCE),
  RCPT(EnumSet.of(SessionPhase.IN_TRANSACTION), RcptHandler::new, Flag.UTF8_ARGUMENT),
  DATA(EnumSet.of(SessionPhase.IN_TRANSACTION), services -> new DataHandler()),
  // Every phase: a chunk sent out of sequence must still be read past (RFC 3030 §2).
  BDAT(EnumSet.allOf(SessionPhase.class), BdatHandler::new),
  RSET(EnumSet.allOf(SessionPhase.class), services -> (session, argument) -> {
    session.endTransaction();
    return CommandResult.reply(SmtpReply.ok());
  }),
  NOOP(EnumSet.allOf(SessionPhase.class), services -> (session, argument) -> CommandResult.reply(SmtpReply.ok())),
  QUIT(EnumSet.allOf(SessionPhase.class), services -> (session, argument) -> CommandResult.thenClose(SmtpReply.bye())),
  VRFY(EnumSet.allOf(SessionPhase.class),
      services -> (session, argument) -> CommandResult
          .reply(argument.isEmpty() ? SmtpReply.usage("VRFY address") : SmtpReply.cannotVerify())),
  HELP(EnumSet.allOf(SessionPhase.class),
      services -> (session, argument) -> CommandResult.reply(SmtpReply.help(names())));

  /** What a verb demands beyond its phase. */
  enum Flag {
    /** The argument may hold UTF-8 (RFC 6531 §3.3); every other verb's must be ASCII. */
    UTF8_ARGUMENT,
    /** Refused until the client met the listener's TLS and AUTH demands (RFC 3207, RFC 6409). */
    LISTENER_CLEARANCE
  }

  private final Set<SessionPhase> allowedIn;
  private final Function<SmtpServices, CommandHandler> handlerFactory;
  private final Set<Flag> flags;

  SmtpVerb(Set<SessionPhase> allowedIn, Function<SmtpServices, CommandHandler> handlerFactory,
      Flag... flags) {
    this.allowedIn = allowedIn;
    this.handlerFactory = handlerFactory;
    this.flags = flags.length == 0 ? EnumSet.noneOf(Flag.class) : EnumSet.of(flags[0], flags);
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

  boolean has(Flag flag) {
    return flags.contains(flag);
  }

  CommandHandler newHandler(SmtpServices services) {
    return handlerFactory.apply(services);
  }

  /** The 503 for this verb in a phase it is not allowed in (RFC 5321 §4.1.4). */
  public SmtpReply outOfSequence(SessionPhase phase) {
    if (phase == SessionPhase.CONNECTED) {
      return SmtpReply.needHelo();
    }
    if (phase == SessionPhase.IN_TRANSACTION) {
      return this == MAIL ? SmtpReply.nestedMail() : SmtpReply.transactionInProgress();
    }
    return SmtpReply.needMail();
  }

  private static List<String> names() {
    List<String> names = new ArrayList<>();
    for (SmtpVerb v : values()) {
      names.add(v.name());
    }
    return names;
  }
}
