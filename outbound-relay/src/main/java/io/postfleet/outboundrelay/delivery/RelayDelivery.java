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
 * still open, and returns one result per recipient. What counts as done is {@link OutcomeRules}'s
 * call, never this class's.
 */
public final class RelayDelivery {
  private static final Logger LOG = Logger.getLogger(RelayDelivery.class);

  private final TargetResolver resolver;
  private final SmtpClient client;
  private final OutcomeRules rules;
  private final int smtpPort;
  private final DeliveryLog log = new DeliveryLog();

  /** @param smtpPort the port of MX hosts and of bracketed next hops without one */
  public RelayDelivery(TargetResolver resolver, SmtpClient client, OutcomeRules rules, int smtpPort) {
    this.resolver = resolver;
    this.client = client;
    this.rules = rules;
    this.smtpPort = smtpPort;
  }

  /**
   * @param queuedAt when the job was queued, for the {@code delay=} of the log line
   * @return one result per recipient, in the job's order
   */
  public List<DeliveryResult> deliver(RelayDeliveryJob job, Instant queuedAt) {
    long started = System.nanoTime();
    Map<Recipient, DeliveryOutcome> outcomes = new LinkedHashMap<>();
    try {
      List<Target> targets = resolver.resolve(NextHop.parse(job.nextHop(), smtpPort));
      tryTargets(job, targets, outcomes);
    } catch (RouteLookupException e) {
      settleRest(job, outcomes, rules.routeFailed(e));
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s: delivery to %s failed", job.queueId(), job.nextHop());
      settleRest(job, outcomes, rules.internalError("delivery to " + job.nextHop() + " failed: " + e));
    }
    Instant now = Instant.now();
    List<DeliveryResult> results = new ArrayList<>(job.recipients().size());
    for (Recipient r : job.recipients()) {
      DeliveryOutcome outcome = outcomes.get(r);
      log.record(job.queueId(), r, outcome, Duration.between(queuedAt, now));
      results.add(new DeliveryResult(job.queueId(), r.address(), r.originalRecipient(), outcome,
          AttemptFacts.at("", Duration.ofNanos(System.nanoTime() - started).toMillis()), now));
    }
    return results;
  }

  private void tryTargets(
      RelayDeliveryJob job, List<Target> targets, Map<Recipient, DeliveryOutcome> outcomes) {
    if (targets.isEmpty()) {
      throw new IllegalStateException("resolver returned no target for " + job.nextHop());
    }
    List<Recipient> open = job.recipients();
    for (int i = 0; i < targets.size() && !open.isEmpty(); i++) {
      boolean last = i == targets.size() - 1;
      List<String> addresses = new ArrayList<>(open.size());
      open.forEach(r -> addresses.add(r.address()));
      SessionTranscript session = client.deliver(targets.get(i), job.mailFrom(), addresses, job.content());
      List<Recipient> stillOpen = new ArrayList<>();
      for (Recipient r : open) {
        OutcomeRules.Verdict verdict = rules.judge(session, r.address(), last);
        if (verdict.tryNextTarget()) {
          stillOpen.add(r);
        } else {
          outcomes.put(r, verdict.outcome());
        }
      }
      open = stillOpen;
    }
  }

  private static void settleRest(
      RelayDeliveryJob job, Map<Recipient, DeliveryOutcome> outcomes, DeliveryOutcome outcome) {
    for (Recipient r : job.recipients()) {
      outcomes.putIfAbsent(r, outcome);
    }
  }
}
