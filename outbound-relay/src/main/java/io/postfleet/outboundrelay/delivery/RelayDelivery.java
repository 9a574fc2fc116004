package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import io.postfleet.outboundrelay.route.NextHop;
import io.postfleet.outboundrelay.route.RouteLookupException;
import io.postfleet.outboundrelay.route.Target;
import io.postfleet.outboundrelay.route.TargetResolver;
import io.postfleet.outboundrelay.smtp.Destination;
import io.postfleet.outboundrelay.smtp.DestinationPolicies;
import io.postfleet.outboundrelay.smtp.Outgoing;
import io.postfleet.outboundrelay.smtp.SessionTranscript;
import io.postfleet.outboundrelay.smtp.SmtpClient;
import io.postfleet.outboundrelay.smtp.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Delivers one relay job: resolves its next hop, tries the targets in order with the recipients
 * still open, and returns one result per recipient with the stage, TLS and time of its attempt.
 * What counts as done is {@link OutcomeRules}'s call, never this class's.
 */
public final class RelayDelivery {
  private static final Logger LOG = Logger.getLogger(RelayDelivery.class);

  /** An outcome with where it was decided, over what TLS, and whether NOTIFY went on (DSN). */
  private record Settled(DeliveryOutcome outcome, String stage, String tls, boolean remoteDsn) {}

  private final TargetResolver resolver;
  private final SmtpClient client;
  private final OutcomeRules rules;
  private final DestinationPolicies policies;
  private final MessageSigning signing;
  private final int smtpPort;
  private final int recipientLimit;
  private final DeliveryLog log = new DeliveryLog();

  /**
   * @param smtpPort the port of MX hosts and of bracketed next hops without one
   * @param recipientLimit the most recipients in one mail transaction
   */
  public RelayDelivery(TargetResolver resolver, SmtpClient client, OutcomeRules rules,
      DestinationPolicies policies, MessageSigning signing, int smtpPort, int recipientLimit) {
    if (recipientLimit < 1) {
      throw new IllegalArgumentException("recipient limit must be at least 1, not " + recipientLimit);
    }
    this.resolver = resolver;
    this.client = client;
    this.rules = rules;
    this.policies = policies;
    this.signing = signing;
    this.smtpPort = smtpPort;
    this.recipientLimit = recipientLimit;
  }

  /**
   * @param queuedAt when the job was queued, for the {@code delay=} of the log line
   * @return one result per recipient, in the job's order
   */
  public List<DeliveryResult> deliver(RelayDeliveryJob job, Instant queuedAt) {
    long started = System.nanoTime();
    Map<Recipient, Settled> outcomes = new LinkedHashMap<>();
    try {
      attempt(job, outcomes);
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: delivery to %s failed", job.queueId(), job.nextHop());
      settleRest(job, outcomes, new Settled(
          rules.internalError("delivery to " + job.nextHop() + " failed: " + e), "", "", false));
    }
    Instant now = Instant.now();
    long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
    List<DeliveryResult> results = new ArrayList<>(job.recipients().size());
    for (Recipient r : job.recipients()) {
      Settled settled = outcomes.get(r);
      log.record(job.queueId(), r, settled.outcome(), Duration.between(queuedAt, now));
      results.add(new DeliveryResult(job.queueId(), r.address(), r.originalRecipient(), settled.outcome(),
          new AttemptFacts(settled.stage(), settled.tls(), elapsed, settled.remoteDsn()), now));
    }
    return results;
  }

  private void attempt(RelayDeliveryJob job, Map<Recipient, Settled> outcomes) {
    NextHop hop;
    try {
      hop = NextHop.parse(job.nextHop(), smtpPort);
    } catch (IllegalArgumentException e) {
      settleRest(job, outcomes, new Settled(rules.badNextHop(e.getMessage()), "routing", "", false));
      return;
    }
    List<Target> targets;
    try {
      targets = resolver.resolve(hop);
    } catch (RouteLookupException e) {
      settleRest(job, outcomes, new Settled(rules.routeFailed(e), "dns", "", false));
      return;
    }
    Outgoing message = new Outgoing(job.mailFrom(), job.recipients(), job.options(), signing.sign(job));
    tryTargets(policies.forNextHop(job.nextHop(), hop), message, targets, outcomes);
  }

  private void tryTargets(Destination destination, Outgoing message, List<Target> targets,
      Map<Recipient, Settled> outcomes) {
    if (targets.isEmpty()) {
      throw new IllegalStateException("resolver returned no target for " + destination.name());
    }
    List<Recipient> open = message.recipients();
    for (int i = 0; i < targets.size() && !open.isEmpty(); i++) {
      open = deliverAt(destination, targets.get(i), i == targets.size() - 1, message, open, outcomes);
    }
  }

  /**
   * Delivers to one target in transactions of at most {@code recipientLimit} recipients (Postfix's
   * {@code smtp_destination_recipient_limit}); recipients a server refused with "too many
   * recipients" go again in the next transaction right away. The sessions come from the client's
   * pool, so the transactions share one connection when they can.
   *
   * @return the recipients to try at the next target
   */
  private List<Recipient> deliverAt(Destination destination, Target target, boolean last, Outgoing message,
      List<Recipient> open, Map<Recipient, Settled> outcomes) {
    Deque<List<Recipient>> transactions = new ArrayDeque<>();
    for (int from = 0; from < open.size(); from += recipientLimit) {
      transactions.add(open.subList(from, Math.min(open.size(), from + recipientLimit)));
    }
    List<Recipient> nextTarget = new ArrayList<>();
    while (!transactions.isEmpty()) {
      List<Recipient> batch = new ArrayList<>(transactions.poll());
      SessionTranscript session = client.deliver(destination, target,
          new Outgoing(message.mailFrom(), batch, message.options(), message.content()));
      if (session.stage().compareTo(Stage.MAIL) < 0) {
        // The session ended before any transaction (no connection, a refusing greeting, a TLS
        // policy): the verdict is the same for every recipient, so the rest are not tried here.
        transactions.forEach(batch::addAll);
        transactions.clear();
      }
      List<Recipient> again = new ArrayList<>();
      for (Recipient r : batch) {
        if (rules.tooManyRecipients(session, r.address())) {
          again.add(r);
          continue;
        }
        OutcomeRules.Verdict verdict = rules.judge(session, r.address(), last);
        if (verdict.tryNextTarget()) {
          nextTarget.add(r);
        } else {
          outcomes.put(r, new Settled(verdict.outcome(), verdict.stage(), session.tls(), session.dsn()));
        }
      }
      if (!again.isEmpty()) {
        transactions.addFirst(again);
      }
    }
    return nextTarget;
  }

  private static void settleRest(RelayDeliveryJob job, Map<Recipient, Settled> outcomes, Settled settled) {
    for (Recipient r : job.recipients()) {
      outcomes.putIfAbsent(r, settled);
    }
  }
}
