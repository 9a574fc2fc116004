package io.postfleet.contract;

import java.util.Objects;

/**
 * What happened to one recipient: the one place where temporary and permanent are told apart is the
 * service that produces the outcome; everyone downstream only switches on the type.
 */
public sealed interface DeliveryOutcome {

  /** RFC 3463 enhanced status code, e.g. {@code 2.0.0}, {@code 4.4.1}, {@code 5.1.1}. */
  String dsnStatus();

  /** Who answered: {@code host[ip]:port} for SMTP, {@code local} for a mailbox. */
  String relay();

  /** The remote reply or local reason, as Postfix puts it in parentheses after {@code status=}. */
  String detail();

  /** Postfix's maillog word for it. */
  String statusWord();

  record Delivered(String dsnStatus, String relay, String detail) implements DeliveryOutcome {
    public Delivered {
      Objects.requireNonNull(dsnStatus);
      Objects.requireNonNull(relay);
      Objects.requireNonNull(detail);
    }

    @Override
    public String statusWord() {
      return "sent";
    }
  }

  record Deferred(String dsnStatus, String relay, String detail) implements DeliveryOutcome {
    public Deferred {
      Objects.requireNonNull(dsnStatus);
      Objects.requireNonNull(relay);
      Objects.requireNonNull(detail);
    }

    @Override
    public String statusWord() {
      return "deferred";
    }
  }

  record Bounced(String dsnStatus, String relay, String detail) implements DeliveryOutcome {
    public Bounced {
      Objects.requireNonNull(dsnStatus);
      Objects.requireNonNull(relay);
      Objects.requireNonNull(detail);
    }

    @Override
    public String statusWord() {
      return "bounced";
    }
  }
}
