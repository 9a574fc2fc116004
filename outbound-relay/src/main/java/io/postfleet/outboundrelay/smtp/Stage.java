package io.postfleet.outboundrelay.smtp;

/** Where an SMTP session stood, with the words Postfix uses for it in its logs and bounces. */
public enum Stage {
  CONNECT("connecting", "connect", "connect"),
  GREETING("receiving the initial server greeting", "initial greeting", "greeting"),
  EHLO("performing the EHLO handshake", "EHLO command", "helo"),
  HELO("performing the HELO handshake", "HELO command", "helo"),
  STARTTLS("sending STARTTLS", "STARTTLS command", "starttls"),
  AUTH("authenticating", "AUTH command", "auth"),
  MAIL("sending MAIL FROM", "MAIL FROM command", "mail"),
  RCPT("sending RCPT TO", "RCPT TO command", "rcpt"),
  DATA("sending DATA command", "DATA command", "data"),
  MESSAGE("sending message body", "end of DATA command", "data-done"),
  /**
   * The content in BDAT chunks (RFC 3030): the same step as {@link #MESSAGE} for the queue, so the
   * same fact, and the reply to {@code BDAT ... LAST} plays the part of the reply to the final dot.
   */
  BDAT("sending message body", "BDAT command", "data-done");

  private final String activity;
  private final String command;
  private final String fact;

  Stage(String activity, String command, String fact) {
    this.activity = activity;
    this.command = command;
    this.fact = fact;
  }

  /** As in "lost connection with host[ip] while <em>sending RCPT TO</em>". */
  public String activity() {
    return activity;
  }

  /** As in "host[ip] said: 550 ... (in reply to <em>RCPT TO command</em>)". */
  public String command() {
    return command;
  }

  /** Whether a positive reply ending this stage means the message was taken. */
  public boolean endsMessage() {
    return this == MESSAGE || this == BDAT;
  }

  /** The stage's name in a delivery result ({@code AttemptFacts.stage}). */
  public String fact() {
    return fact;
  }
}
