package io.postfleet.outboundrelay.smtp;

import java.time.Duration;

/**
 * How long the client waits at each stage of a session, as Postfix's {@code smtp_*_timeout}
 * parameters. Reads wait for the stage's reply; a write that makes no progress for the stage's time
 * (the message body: {@code dataXfer}) ends the session too.
 */
public record SmtpTimeouts(
    Duration connect,
    Duration helo,
    Duration starttls,
    Duration mail,
    Duration rcpt,
    Duration dataInit,
    Duration dataXfer,
    Duration dataDone,
    Duration rset) {

  /** The same time for every stage, for tests that want a hanging peer found quickly. */
  public static SmtpTimeouts all(Duration timeout) {
    return new SmtpTimeouts(timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout);
  }
}
