package io.postfleet.smtpingress.session;

import java.util.Objects;

/**
 * The state of one SMTP connection: who the client is, what it said in HELO/EHLO, how many errors
 * it made, and the mail transaction in progress, which lives in its own object. Confined to the
 * session's thread.
 */
public final class SmtpSession {
  private final ClientEndpoint client;
  private final CommandStats stats = new CommandStats();
  private String helo;
  private boolean esmtp;
  private MailTransaction transaction;
  private int errors;
  private String lastCommand = "CONNECT";

  public SmtpSession(ClientEndpoint client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public ClientEndpoint client() {
    return client;
  }

  public SessionPhase phase() {
    if (helo == null) {
      return SessionPhase.CONNECTED;
    }
    return transaction == null ? SessionPhase.GREETED : SessionPhase.IN_TRANSACTION;
  }

  /** HELO or EHLO: remembers the name and, per RFC 5321 §4.1.4, drops any open transaction. */
  public void greeted(String heloName, boolean extended) {
    this.helo = Objects.requireNonNull(heloName, "heloName");
    this.esmtp = extended;
    this.transaction = null;
  }

  /** The HELO/EHLO argument; empty before the client greeted. */
  public String helo() {
    return helo == null ? "" : helo;
  }

  /** {@code ESMTP} after EHLO, {@code SMTP} after HELO (RFC 3848). */
  public String protocol() {
    return esmtp ? "ESMTP" : "SMTP";
  }

  public MailTransaction beginTransaction(String sender) {
    if (transaction != null) {
      throw new IllegalStateException("nested mail transaction");
    }
    transaction = new MailTransaction(sender);
    return transaction;
  }

  public MailTransaction transaction() {
    if (transaction == null) {
      throw new IllegalStateException("no mail transaction");
    }
    return transaction;
  }

  public void endTransaction() {
    transaction = null;
  }

  public void countError() {
    errors++;
  }

  public int errors() {
    return errors;
  }

  public CommandStats stats() {
    return stats;
  }

  /** The last command, for "lost connection after DATA"-style log lines. */
  public String lastCommand() {
    return lastCommand;
  }

  public void lastCommand(String command) {
    this.lastCommand = command;
  }
}
