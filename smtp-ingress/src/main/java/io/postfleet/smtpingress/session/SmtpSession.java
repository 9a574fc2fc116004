package io.postfleet.smtpingress.session;

import io.postfleet.smtpingress.auth.SaslExchange;
import io.postfleet.smtpingress.checks.ConnectionChecks;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of one SMTP connection: who the client is, which listener it reached, what it said in
 * HELO/EHLO, whether it speaks TLS and who it authenticated as, how many errors it made, and the
 * mail transaction in progress, which lives in its own object. Confined to the session's thread.
 */
public final class SmtpSession {
  private final ClientEndpoint client;
  private final ListenerRules rules;
  private final CommandStats stats = new CommandStats();
  private String helo;
  private boolean esmtp;
  private TlsFacts tls;
  private String authUser = "";
  private SaslExchange saslExchange;
  private MailTransaction transaction;
  private int errors;
  private String lastCommand = "CONNECT";
  private ConnectionChecks checks;

  public SmtpSession(ClientEndpoint client, ListenerRules rules) {
    this.client = Objects.requireNonNull(client, "client");
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public ClientEndpoint client() {
    return client;
  }

  public ListenerRules rules() {
    return rules;
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

  /**
   * TLS is up. RFC 3207 §4.2: everything learned from the client before is forgotten, so it must
   * greet again; nothing it said in plaintext carries over into the protected session.
   */
  public void tlsStarted(TlsFacts facts) {
    this.tls = Objects.requireNonNull(facts, "facts");
    this.helo = null;
    this.esmtp = false;
    this.transaction = null;
  }

  public Optional<TlsFacts> tls() {
    return Optional.ofNullable(tls);
  }

  /** Whether AUTH may be advertised and used now: the listener offers it and TLS is up. */
  public boolean authAvailable() {
    return rules.authOffered() && tls != null;
  }

  public void authenticated(String user) {
    this.authUser = Objects.requireNonNull(user, "user");
  }

  /** The SASL identity, empty when the client has not authenticated. */
  public String authUser() {
    return authUser;
  }

  public boolean isAuthenticated() {
    return !authUser.isEmpty();
  }

  /** An AUTH exchange waiting for the client's next response line, if any (RFC 4954 §4). */
  public Optional<SaslExchange> saslExchange() {
    return Optional.ofNullable(saslExchange);
  }

  public void saslExchange(SaslExchange exchange) {
    this.saslExchange = exchange;
  }

  /**
   * The protocol name for Received and the envelope (RFC 3848, RFC 6531 §4.3): ESMTP or SMTP, or
   * UTF8SMTP for an SMTPUTF8 transaction, with S for TLS and A for authentication.
   */
  public String protocol() {
    if (!esmtp) {
      return "SMTP";
    }
    String base = transaction != null && transaction.parameters().smtputf8() ? "UTF8SMTP" : "ESMTP";
    return base + (tls != null ? "S" : "") + (isAuthenticated() ? "A" : "");
  }

  public MailTransaction beginTransaction(MailTransaction opened) {
    if (transaction != null) {
      throw new IllegalStateException("nested mail transaction");
    }
    transaction = Objects.requireNonNull(opened, "opened");
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

  /** The sender checks' state, set before the greeting. */
  public ConnectionChecks checks() {
    if (checks == null) {
      throw new IllegalStateException("sender checks not started");
    }
    return checks;
  }

  public void checks(ConnectionChecks started) {
    this.checks = Objects.requireNonNull(started, "started");
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
