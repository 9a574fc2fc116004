package io.postfleet.smtpingress.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.input.InputLine;
import io.postfleet.smtpingress.auth.SaslExchange;
import io.postfleet.smtpingress.session.SmtpSession;

/** A line sent after a 334 challenge: the client's next response, or {@code *} to give up. */
final class SaslResponseHandler {
  private final SaslSteps steps;

  SaslResponseHandler(SmtpServices services) {
    this.steps = new SaslSteps(services);
  }

  CommandResult handle(SmtpSession session, InputLine line) {
    SaslExchange exchange = session.saslExchange().orElseThrow();
    session.saslExchange(null);
    if (line.tooLong()) {
      return CommandResult.reply(SmtpReply.lineTooLong());
    }
    String response = line.text().strip();
    if (response.equals("*")) {
      return CommandResult.reply(SmtpReply.authenticationAborted());
    }
    return steps.respond(session, exchange, response);
  }
}
