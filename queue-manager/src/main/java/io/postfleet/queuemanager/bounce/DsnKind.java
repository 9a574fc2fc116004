package io.postfleet.queuemanager.bounce;

import io.postfleet.contract.EsmtpOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * The three notifications of RFC 3461 §4.1's NOTIFY keywords: what each says to a person, which
 * recipients it may name, and its RFC 3464 §2.3.3 Action. Wording after Postfix's bounce templates.
 */
public enum DsnKind {
  /** Permanent failure or expiry: Action failed, the original returned as RET asks. */
  FAILURE("b", "Undelivered Mail Returned to Sender", "Undelivered Message") {
    @Override
    String explanation(Instant arrival, Instant willRetryUntil, Instant now) {
      return "I'm sorry to have to inform you that your message could not\r\n"
          + "be delivered to one or more recipients. It's attached below.\r\n";
    }
  },
  /** Still deferred after the warning time: Action delayed, headers only (RFC 3461 §4.3). */
  DELAY("w", "Delayed Mail (still being retried)", "Delayed Message") {
    @Override
    String explanation(Instant arrival, Instant willRetryUntil, Instant now) {
      return "####################################################################\r\n"
          + "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\r\n"
          + "####################################################################\r\n\r\n"
          + "Your message could not be delivered for more than " + span(Duration.between(arrival, now)) + ".\r\n"
          + "It will be retried until it is " + span(Duration.between(arrival, willRetryUntil)) + " old.\r\n";
    }
  },
  /** Delivered to a mailbox, or relayed to a server without DSN: headers only (RFC 3461 §4.3). */
  SUCCESS("s", "Successful Mail Delivery Report", "Delivered Message") {
    @Override
    String explanation(Instant arrival, Instant willRetryUntil, Instant now) {
      return "Your message was successfully delivered to the destination(s)\r\n"
          + "listed below. If the message was delivered to mailbox you will\r\n"
          + "receive no further notifications. Otherwise you may still receive\r\n"
          + "notifications of mail delivery errors from other systems.\r\n";
    }
  };

  private final String idLetter;
  private final String subject;
  private final String returnedPart;

  DsnKind(String idLetter, String subject, String returnedPart) {
    this.idLetter = idLetter;
    this.subject = subject;
    this.returnedPart = returnedPart;
  }

  /** Lower case, so a notification's queue id never looks like one smtp-ingress gave. */
  String idLetter() {
    return idLetter;
  }

  String subject() {
    return subject;
  }

  /** The Content-Description of the returned message or its headers. */
  String returnedPart() {
    return returnedPart;
  }

  /** The readable part after "This is the mail system at host ...". */
  abstract String explanation(Instant arrival, Instant willRetryUntil, Instant now);

  /**
   * RFC 3461 §4.1: an explicit NOTIFY is obeyed as given; without one, failures and delays are
   * reported (when delays are, is the scheduler's policy) and successes are not.
   */
  boolean wanted(EsmtpOptions.RecipientDsn dsn) {
    if (dsn == null || dsn.notifyOn().isEmpty()) {
      return this != SUCCESS;
    }
    return dsn.notifyOn().contains(keyword());
  }

  /** RFC 3464 §2.3.3: a success with a Remote-MTA went to a server that does not speak DSN. */
  String action(ReportedRecipient r) {
    if (this == FAILURE) {
      return "failed";
    }
    if (this == DELAY) {
      return "delayed";
    }
    return r.remoteMta().isEmpty() ? "delivered" : "relayed";
  }

  private EsmtpOptions.Notify keyword() {
    return this == FAILURE
        ? EsmtpOptions.Notify.FAILURE
        : this == DELAY ? EsmtpOptions.Notify.DELAY : EsmtpOptions.Notify.SUCCESS;
  }

  /** A whole number of the largest unit that fits, as Postfix's templates say "4 hour(s)". */
  static String span(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + " day(s)";
    }
    if (d.toHours() > 0) {
      return d.toHours() + " hour(s)";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " minute(s)";
    }
    return Math.max(0, d.getSeconds()) + " second(s)";
  }
}
