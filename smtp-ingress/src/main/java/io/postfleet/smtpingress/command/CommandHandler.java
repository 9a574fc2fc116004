package io.postfleet.smtpingress.command;

import io.postfleet.smtpingress.session.SmtpSession;

/** Handles one verb; called only in the phases its {@link SmtpVerb} allows. */
@FunctionalInterface
public interface CommandHandler {

  CommandResult handle(SmtpSession session, String argument);
}
