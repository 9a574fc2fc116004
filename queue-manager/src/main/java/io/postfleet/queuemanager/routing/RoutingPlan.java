package io.postfleet.queuemanager.routing;

import io.postfleet.contract.AttemptFacts;
import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.maps.MapsSnapshot;
import io.postfleet.maps.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What qmgr and trivial-rewrite decide for one message: one local job per distinct mailbox and per
 * recipient of a PIPE transport (local-delivery runs the command), one relay
 * job per next hop carrying all its recipients, and a bounce result for each recipient that
 * cannot be delivered at all.
 */
public record RoutingPlan(
    List<LocalDeliveryJob> localJobs, List<RelayDeliveryJob> relayJobs, List<DeliveryResult> undeliverable) {

  static final String RELAY_NAME = "queue-manager";

  public static RoutingPlan of(InboundMessage message, MapsSnapshot maps, Instant now) {
    Envelope envelope = message.envelope();
    Map<String, String> mailboxes = new LinkedHashMap<>();
    // Recipient address -> the original recipient and the command: one run per recipient, as Postfix's
    // pipe transports are usually set up (transport_destination_recipient_limit = 1).
    Map<String, PipeTo> pipes = new LinkedHashMap<>();
    Map<String, Map<String, String>> remoteByNextHop = new LinkedHashMap<>();
    List<DeliveryResult> undeliverable = new ArrayList<>();
    Set<String> bounced = new LinkedHashSet<>();
    for (String recipient : envelope.recipients()) {
      for (Route route : maps.route(recipient)) {
        if (route instanceof Route.Mailbox m) {
          mailboxes.putIfAbsent(m.address(), recipient);
        } else if (route instanceof Route.Pipe p) {
          pipes.putIfAbsent(p.address(), new PipeTo(recipient, p.command()));
        } else if (route instanceof Route.Remote r) {
          remoteByNextHop.computeIfAbsent(r.nextHop(), d -> new LinkedHashMap<>()).putIfAbsent(r.address(), recipient);
        } else if (route instanceof Route.Undeliverable u && bounced.add(u.address())) {
          undeliverable.add(new DeliveryResult(envelope.queueId(), u.address(), recipient,
              new DeliveryOutcome.Bounced(u.dsnStatus(), RELAY_NAME, u.reason()), AttemptFacts.at("routing", 0), now));
        }
      }
    }
    List<LocalDeliveryJob> localJobs = new ArrayList<>();
    mailboxes.forEach((mailbox, original) -> localJobs.add(
        new LocalDeliveryJob(envelope.queueId(), envelope.mailFrom(), mailbox, original, envelope.options(),
            envelope.arrival(), message.content(), "",
            maps.isMbox(mailbox) ? MailboxFormat.MBOX : MailboxFormat.MAILDIR,
            "", 0, maps.quotaBytes(mailbox))));
    pipes.forEach((address, pipe) -> localJobs.add(
        new LocalDeliveryJob(envelope.queueId(), envelope.mailFrom(), address, pipe.originalRecipient(),
            envelope.options(),
            envelope.arrival(), message.content(), "", MailboxFormat.MAILDIR, pipe.command(), 0)));
    List<RelayDeliveryJob> relayJobs = new ArrayList<>();
    remoteByNextHop.forEach((nextHop, recipients) -> {
      List<RelayDeliveryJob.Recipient> list = new ArrayList<>();
      recipients.forEach((address, original) -> list.add(new RelayDeliveryJob.Recipient(address, original)));
      relayJobs.add(new RelayDeliveryJob(envelope.queueId(), envelope.mailFrom(), nextHop, list, envelope.options(),
          envelope.arrival(), 0, message.content()));
    });
    return new RoutingPlan(localJobs, relayJobs, undeliverable);
  }

  private record PipeTo(String originalRecipient, String command) {}
}
