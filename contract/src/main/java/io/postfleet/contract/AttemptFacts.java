package io.postfleet.contract;

import java.util.Objects;

/**
 * How one delivery attempt went, beyond its outcome: what Postfix's maillog and a DSN's Remote-MTA
 * and Diagnostic-Code fields are made of.
 *
 * @param stage where the attempt ended: {@code connect}, {@code greeting}, {@code helo}, {@code auth},
 *     {@code starttls}, {@code mail}, {@code rcpt}, {@code data}, {@code data-done}, {@code dns},
 *     {@code local} or {@code routing}; empty when not recorded
 * @param tls the TLS protocol and cipher of the session, empty when it was plaintext or local
 * @param elapsedMillis how long the attempt took
 * @param remoteDsn the server that took the message announced DSN, so the NOTIFY request went on
 *     with it and its success notification is that server's to send (RFC 3461 §5.2.1)
 * @param usage how full the mailbox was after a local attempt; {@link MailboxUsage#UNKNOWN} otherwise
 */
public record AttemptFacts(String stage, String tls, long elapsedMillis, boolean remoteDsn, MailboxUsage usage) {
  public AttemptFacts {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(usage, "usage");
  }

  /** Facts of an attempt that did not reach a mailbox with a quota. */
  public AttemptFacts(String stage, String tls, long elapsedMillis, boolean remoteDsn) {
    this(stage, tls, elapsedMillis, remoteDsn, MailboxUsage.UNKNOWN);
  }

  /** Facts of an attempt that did not hand the message to a DSN-capable server. */
  public AttemptFacts(String stage, String tls, long elapsedMillis) {
    this(stage, tls, elapsedMillis, false);
  }

  public static AttemptFacts at(String stage, long elapsedMillis) {
    return new AttemptFacts(stage, "", elapsedMillis);
  }

  /** Facts of a local attempt, with the mailbox's usage after it. */
  public static AttemptFacts local(long elapsedMillis, MailboxUsage usage) {
    return new AttemptFacts("local", "", elapsedMillis, false, usage);
  }
}
