package io.postfleet.queuemanager.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.maps.DomainClass;
import io.postfleet.maps.MapsSnapshot;
import io.postfleet.maps.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingPlanTest {
  private static final MapsSnapshot MAPS = MapsSnapshot.builder(1)
      .domain("mail.example.test", DomainClass.LOCAL)
      .mailbox("request@mail.example.test", true)
      .mailbox("bob@mail.example.test", true)
      .quota("bob@mail.example.test", 50_000)
      .alias("team@mail.example.test", "request@mail.example.test", "bob@mail.example.test",
          "ann@remote.test", "joe@remote.test", "eve@elsewhere.test")
      .alias("news@mail.example.test", "announce@lists.test")
      .domain("lists.test", DomainClass.RELAY)
      .transport("lists.test", new Transport(Transport.Kind.PIPE, "/usr/bin/list ${user}"))
      .build();

  private static InboundMessage message(String... recipients) {
    Envelope envelope = new Envelope("Q1", "info@mail.example.test", List.of(recipients), "127.0.0.1",
        "localhost", "client", "ESMTP", "", "", Instant.EPOCH, 5, EsmtpOptions.NONE, "");
    return new InboundMessage(envelope, "hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void oneLocalJobPerMailboxAndOneRelayJobPerDomain() {
    RoutingPlan plan = RoutingPlan.of(message("team@mail.example.test", "request@mail.example.test",
        "zed@remote.test"), MAPS, Instant.EPOCH);

    assertEquals(List.of("request@mail.example.test", "bob@mail.example.test"),
        plan.localJobs().stream().map(j -> j.mailbox()).toList());
    assertEquals("team@mail.example.test", plan.localJobs().get(0).originalRecipient());
    assertEquals(List.of("remote.test", "elsewhere.test"), plan.relayJobs().stream().map(j -> j.nextHop()).toList());
    assertEquals(List.of(new RelayDeliveryJob.Recipient("ann@remote.test", "team@mail.example.test"),
        new RelayDeliveryJob.Recipient("joe@remote.test", "team@mail.example.test"),
        new RelayDeliveryJob.Recipient("zed@remote.test", "zed@remote.test")), plan.relayJobs().get(0).recipients());
    assertEquals(List.of(), plan.undeliverable());
  }

  /** One job per recipient of a command, on the local topic, carrying the command and the original recipient. */
  @Test
  void aPipeTransportGivesOneLocalJobPerRecipientWithItsCommand() {
    RoutingPlan plan = RoutingPlan.of(message("news@mail.example.test", "Announce@lists.test", "other@lists.test",
        "bob@mail.example.test"), MAPS, Instant.EPOCH);
    assertEquals(List.of("bob@mail.example.test", "announce@lists.test", "other@lists.test"),
        plan.localJobs().stream().map(LocalDeliveryJob::mailbox).toList());
    LocalDeliveryJob announce = plan.localJobs().get(1);
    assertEquals("news@mail.example.test", announce.originalRecipient());
    assertEquals("/usr/bin/list ${user}", announce.pipe());
    assertEquals(0, announce.attempts());
    assertEquals("", plan.localJobs().get(0).pipe());
    assertEquals(List.of(), plan.relayJobs());
  }

  @Test
  void aRecipientUnknownAtRoutingTimeBouncesWith511() {
    RoutingPlan plan = RoutingPlan.of(message("gone@mail.example.test", "bob@mail.example.test"), MAPS, Instant.EPOCH);
    assertEquals(1, plan.localJobs().size());
    assertEquals(1, plan.undeliverable().size());
    DeliveryOutcome outcome = plan.undeliverable().get(0).outcome();
    assertEquals(DeliveryOutcome.Bounced.class, outcome.getClass());
    assertEquals("5.1.1", outcome.dsnStatus());
  }

  /** The quota travels with the job: local-delivery enforces it without a database of its own. */
  @Test
  void aLocalJobCarriesItsMailboxsQuota() {
    RoutingPlan plan = RoutingPlan.of(message("team@mail.example.test"), MAPS, Instant.EPOCH);
    assertEquals(List.of(0L, 50_000L), plan.localJobs().stream().map(j -> j.quotaBytes()).toList());
  }
}
