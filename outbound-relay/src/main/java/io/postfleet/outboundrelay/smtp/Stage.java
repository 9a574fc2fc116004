package io.postfleet.outboundrelay.smtp;

/** Where an SMTP session stood, with the words Postfix uses for it in its logs and bounces. */
public enum Stage {
  CONNECT("connecting", "connect"),
  GREETING("receiving the initial server greeting", "initial greeting"),
  EHLO("performing the EHLO handshake", "EHLO command"),
  HELO("performing the HELO handshake", "HELO command"),
  MAIL("sending MAIL FROM", "MAIL FROM command"),
  RCPT("sending RCPT TO", "RCPT TO command"),
  DATA("sending DATA command", "DATA command"),
  MESSAGE("sending message body", "end of DATA command");

  private final String activity;
  private final String command;

  Stage(String activity, String command) {
    this.activity = activity;
    this.command = command;
  }

  /** As in "lost connection with host[ip] while <em>sending RCPT TO</em>". */
  public String activity() {
    return activity;
  }

  /** As in "host[ip] said: 550 ... (in reply to <em>RCPT TO command</em>)". */
  public String command() {
    return command;
  }
}
