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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
  private final DeliveryLog log = new DeliveryLog();

  /** @param smtpPort the port of MX hosts and of bracketed next hops without one */
  public RelayDelivery(TargetResolver resolver, SmtpClient client, OutcomeRules rules,
      DestinationPolicies policies, MessageSigning signing, int smtpPort) {
    this.resolver = resolver;
    this.client = client;
    this.rules = rules;
    this.policies = policies;
    this.signing = signing;
    this.smtpPort = smtpPort;
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
      boolean last = i == targets.size() - 1;
      Outgoing attempt = new Outgoing(message.mailFrom(), open, message.options(), message.content());
      SessionTranscript session = client.deliver(destination, targets.get(i), attempt);
      List<Recipient> stillOpen = new ArrayList<>();
      for (Recipient r : open) {
        OutcomeRules.Verdict verdict = rules.judge(session, r.address(), last);
        if (verdict.tryNextTarget()) {
          stillOpen.add(r);
        } else {
          outcomes.put(r, new Settled(verdict.outcome(), verdict.stage(), session.tls(), session.dsn()));
        }
      }
      open = stillOpen;
    }
  }

  private static void settleRest(RelayDeliveryJob job, Map<Recipient, Settled> outcomes, Settled settled) {
    for (Recipient r : job.recipients()) {
      outcomes.putIfAbsent(r, settled);
    }
  }
}
