package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryOutcome.Bounced;
import io.postfleet.contract.DeliveryOutcome.Deferred;
import io.postfleet.contract.DeliveryOutcome.Delivered;
import io.postfleet.outboundrelay.route.RouteLookupException;
import io.postfleet.outboundrelay.smtp.SessionTranscript;
import io.postfleet.outboundrelay.smtp.Shortfall;
import io.postfleet.outboundrelay.smtp.Stage;
import io.postfleet.smtp.client.RemoteReply;

/**
 * The one place that tells temporary from permanent for remote delivery, after Postfix's
 * {@code smtp/smtp_trouble.c}: a soft error on a non-final MX moves on to the next one, a soft error
 * on the last defers, a hard error bounces. Everything else only carries out what this decides.
 */
public final class OutcomeRules {
  /** Postfix's {@code relay=none}: no server was talked to. */
  static final String NO_RELAY = "none";
  private static final int TOO_MANY_RECIPIENTS = 452;
  /** A server closing the session (RFC 5321 §3.8) wants no further transaction now. */
  private static final int SERVICE_CLOSING = 421;

  /**
   * The decision for one recipient after one session.
   *
   * @param outcome what is final for the recipient, unless {@code tryNextTarget}
   * @param tryNextTarget the failure was soft and another target remains: try it there
   * @param stage where it was decided, as {@code AttemptFacts.stage} names it
   */
  public record Verdict(DeliveryOutcome outcome, boolean tryNextTarget, String stage) {}

  /**
   * Only a clean "does not exist" bounces; a lookup that could not be completed defers
   * (Postfix {@code dns_lookup.c}: "Host not found, try again").
   */
  public DeliveryOutcome routeFailed(RouteLookupException e) {
    switch (e.kind()) {
      case NOT_FOUND :
        return new Bounced("5.1.2", NO_RELAY, e.getMessage());
      case NULL_MX :
        return new Bounced("5.1.10", NO_RELAY, e.getMessage()); // RFC 7505 §4.2
      case NO_ADDRESS :
        return new Bounced("5.4.4", NO_RELAY, e.getMessage());
      case LOOPS_BACK :
        return new Bounced("5.4.6", NO_RELAY, e.getMessage()); // a routing loop (RFC 3463 §3.5)
      default :
        return new Deferred("4.4.3", NO_RELAY, e.getMessage());
    }
  }

  /** A next hop that cannot be read is our configuration's fault (RFC 3463 X.3.5): it waits for a fix. */
  public DeliveryOutcome badNextHop(String detail) {
    return new Deferred("4.3.5", NO_RELAY, detail);
  }

  /** A fault of ours (a bug, a bad job): never lose the message over it, try again later. */
  public DeliveryOutcome internalError(String detail) {
    return new Deferred("4.3.0", NO_RELAY, detail);
  }

  /**
   * Whether the recipient was refused only because the transaction had enough recipients, so that
   * it goes again in a new transaction at once, as Postfix does: a {@code 452} (RFC 5321
   * §4.5.3.1.10) with enhanced code {@code 4.5.3} or none, after the server took another recipient
   * of the same transaction, in a session that goes on. Other 452s (such as {@code 4.2.2} mailbox full) and other 4xx replies
   * are ordinary deferrals, and a 452 with nobody taken says the server takes no one now: that too
   * is judged by {@link #judge}.
   */
  public boolean tooManyRecipients(SessionTranscript session, String recipient) {
    RemoteReply rcpt = session.rcptReplies().get(recipient);
    return rcpt != null && rcpt.code() == TOO_MANY_RECIPIENTS
        && (rcpt.enhancedCode().isEmpty() || rcpt.enhancedCode().equals("4.5.3"))
        && session.failure().isEmpty()
        && session.reply().map(r -> r.code() != SERVICE_CLOSING).orElse(true)
        && session.rcptReplies().values().stream().anyMatch(RemoteReply::isPositive);
  }

  /**
   * @param recipient the recipient as given at RCPT
   * @param lastTarget whether no other target is left to try
   */
  public Verdict judge(SessionTranscript session, String recipient, boolean lastTarget) {
    RemoteReply rcpt = session.rcptReplies().get(recipient);
    if (rcpt != null && !rcpt.isPositive()) {
      return judgeReply(session, rcpt, Stage.RCPT, lastTarget);
    }
    String relay = session.target().relay();
    if (session.failure().isPresent()) {
      // 4.4.1 "No answer from host" before a connection exists; 4.4.2 "Bad connection" after.
      String status = session.stage() == Stage.CONNECT ? "4.4.1" : "4.4.2";
      return soft(new Deferred(status, relay, session.failure().get()), session.stage(), lastTarget);
    }
    if (session.shortfall().isPresent()) {
      return judgeShortfall(session.shortfall().get(), relay, session.stage(), lastTarget);
    }
    RemoteReply ending = session.reply().orElseThrow(() -> new IllegalStateException(
        "recipient " + recipient + " was neither refused nor followed by a reply"));
    if (session.stage().endsMessage() && ending.isPositive()) {
      return new Verdict(new Delivered(status(ending, "2.0.0"), relay, ending.toString()), false,
          session.stage().fact());
    }
    return judgeReply(session, ending, session.stage(), lastTarget);
  }

  /**
   * What the message needs and the server lacks bounces: another MX of the same domain would not
   * change it (Postfix bounces these too). What the TLS or AUTH policy needs defers and tries the
   * next MX: another host may offer it, and the policy is ours to fix.
   */
  private static Verdict judgeShortfall(Shortfall shortfall, String relay, Stage stage, boolean lastTarget) {
    switch (shortfall.kind()) {
      case MESSAGE_TOO_BIG :
        return bounce("5.3.4", relay, shortfall, stage); // RFC 1870 §6
      case NEEDS_8BITMIME :
      case NEEDS_BINARYMIME :
        return bounce("5.6.3", relay, shortfall, stage); // conversion required and prohibited
      case NEEDS_SMTPUTF8 :
        return bounce("5.6.7", relay, shortfall, stage); // RFC 6531 §3.4
      case LOOPS_BACK :
        return bounce("5.4.6", relay, shortfall, stage); // a routing loop (RFC 3463 §3.5), never retried
      case TLS_NOT_OFFERED :
        return soft(new Deferred("4.7.4", relay, shortfall.detail()), stage, lastTarget);
      case TLS_FAILED :
      case CERTIFICATE_NOT_VERIFIED :
        return soft(new Deferred("4.7.5", relay, shortfall.detail()), stage, lastTarget);
      default :
        return soft(new Deferred("4.7.0", relay, shortfall.detail()), stage, lastTarget);
    }
  }

  private static Verdict bounce(String status, String relay, Shortfall shortfall, Stage stage) {
    return new Verdict(new Bounced(status, relay, shortfall.detail()), false, stage.fact());
  }

  private static Verdict judgeReply(
      SessionTranscript session, RemoteReply reply, Stage stage, boolean lastTarget) {
    String relay = session.target().relay();
    String peer = session.target().peer();
    String detail;
    if (stage == Stage.GREETING) {
      detail = "host " + peer + " refused to talk to me: " + reply;
    } else if (stage == Stage.AUTH) {
      detail = "SASL authentication failed; server " + peer + " said: " + reply;
    } else if (stage == Stage.STARTTLS) {
      detail = "TLS is required, but host " + peer + " refused to start TLS: " + reply;
    } else {
      detail = "host " + peer + " said: " + reply + " (in reply to " + stage.command() + ")";
    }
    // Soft whatever the code: a 5xx greeting, as Postfix's smtp_skip_5xx_greeting (that host
    // refuses, others may not); a refused STARTTLS that our policy requires; and a failed AUTH, as
    // Postfix's smtp_sasl_auth_soft_bounce (a wrong password is ours to fix, not the sender's).
    boolean alwaysSoft = stage == Stage.GREETING || stage == Stage.STARTTLS || stage == Stage.AUTH;
    if (reply.isPermanent() && !alwaysSoft) {
      return new Verdict(new Bounced(status(reply, "5.0.0"), relay, detail), false, stage.fact());
    }
    return soft(new Deferred(softStatus(reply), relay, detail), stage, lastTarget);
  }

  private static Verdict soft(Deferred deferred, Stage stage, boolean lastTarget) {
    return new Verdict(deferred, !lastTarget, stage.fact());
  }

  private static String softStatus(RemoteReply reply) {
    if (reply.isTransient()) {
      return status(reply, "4.0.0");
    }
    if (reply.isPermanent()) {
      return "4" + status(reply, "5.0.0").substring(1);
    }
    return "4.5.0"; // a reply that makes no sense at this stage: a protocol error, not a refusal
  }

  private static String status(RemoteReply reply, String fallback) {
    return reply.enhancedCode().isEmpty() ? fallback : reply.enhancedCode();
  }
}
