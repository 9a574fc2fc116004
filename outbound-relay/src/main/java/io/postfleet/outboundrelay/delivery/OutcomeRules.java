package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryOutcome.Bounced;
import io.postfleet.contract.DeliveryOutcome.Deferred;
import io.postfleet.contract.DeliveryOutcome.Delivered;
import io.postfleet.outboundrelay.route.RouteLookupException;
import io.postfleet.outboundrelay.smtp.SessionTranscript;
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

  /**
   * The decision for one recipient after one session.
   *
   * @param outcome what is final for the recipient, unless {@code tryNextTarget}
   * @param tryNextTarget the failure was soft and another target remains: try it there
   */
  public record Verdict(DeliveryOutcome outcome, boolean tryNextTarget) {}

  /**
   * Only a clean "does not exist" bounces; a lookup that could not be completed defers
   * (Postfix {@code dns_lookup.c}: "Host not found, try again").
   */
  public DeliveryOutcome routeFailed(RouteLookupException e) {
    switch (e.kind()) {
      case NOT_FOUND:
        return new Bounced("5.1.2", NO_RELAY, e.getMessage());
      case NULL_MX:
        return new Bounced("5.1.10", NO_RELAY, e.getMessage()); // RFC 7505 §4.2
      case NO_ADDRESS:
        return new Bounced("5.4.4", NO_RELAY, e.getMessage());
      default:
        return new Deferred("4.4.3", NO_RELAY, e.getMessage());
    }
  }

  /** A fault of ours (a bug, a bad job): never lose the message over it, try again later. */
  public DeliveryOutcome internalError(String detail) {
    return new Deferred("4.3.0", NO_RELAY, detail);
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
    if (session.failure().isPresent()) {
      // 4.4.1 "No answer from host" before a connection exists; 4.4.2 "Bad connection" after.
      String status = session.stage() == Stage.CONNECT ? "4.4.1" : "4.4.2";
      return soft(new Deferred(status, session.target().relay(), session.failure().get()), lastTarget);
    }
    RemoteReply ending = session.reply().orElseThrow(() -> new IllegalStateException(
        "recipient " + recipient + " was neither refused nor followed by a reply"));
    if (session.stage() == Stage.MESSAGE && ending.isPositive()) {
      return new Verdict(
          new Delivered(status(ending, "2.0.0"), session.target().relay(), ending.toString()), false);
    }
    return judgeReply(session, ending, session.stage(), lastTarget);
  }

  private static Verdict judgeReply(
      SessionTranscript session, RemoteReply reply, Stage stage, boolean lastTarget) {
    String relay = session.target().relay();
    String detail = stage == Stage.GREETING
        ? "host " + session.target().peer() + " refused to talk to me: " + reply
        : "host " + session.target().peer() + " said: " + reply + " (in reply to " + stage.command() + ")";
    // A 5xx greeting is soft, as Postfix's smtp_skip_5xx_greeting: that host refuses, others may not.
    if (reply.isPermanent() && stage != Stage.GREETING) {
      return new Verdict(new Bounced(status(reply, "5.0.0"), relay, detail), false);
    }
    return soft(new Deferred(softStatus(reply), relay, detail), lastTarget);
  }

  private static Verdict soft(Deferred deferred, boolean lastTarget) {
    return new Verdict(deferred, !lastTarget);
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
