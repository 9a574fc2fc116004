package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MapsSnapshotTest {
  private static final MapsSnapshot MAPS = MapsSnapshot.builder(7)
      .domain("mail.example.test", DomainClass.LOCAL)
      .domain("other.test", DomainClass.LOCAL)
      .domain("aliases.test", DomainClass.VIRTUAL_ALIAS)
      .domain("relayed.test", DomainClass.RELAY)
      .domain("xn--bcher-kva.test", DomainClass.LOCAL)
      .mailbox("leser@xn--bcher-kva.test", true)
      .mailbox("request@mail.example.test", true)
      .mailbox("info@mail.example.test", false)
      .mailbox("bob@mail.example.test", true)
      .mailbox("ann@other.test", true)
      .alias("sales@mail.example.test", "bob@mail.example.test", "partner@remote.test")
      .alias("team@mail.example.test", "sales@mail.example.test", "request@mail.example.test", "bob@mail.example.test")
      .alias("ping@mail.example.test", "pong@mail.example.test")
      .alias("pong@mail.example.test", "ping@mail.example.test")
      .alias("self@mail.example.test", "self@mail.example.test", "bob@mail.example.test")
      .alias("ghost@mail.example.test", "nobody@mail.example.test")
      .alias("@other.test", "ann@other.test")
      .alias("joe@aliases.test", "bob@mail.example.test")
      .transport("relayed.test", new Transport(Transport.Kind.SMTP, "[10.0.0.5]:2525"))
      .transport(".corp.test", new Transport(Transport.Kind.SMTP, "[gw.corp.test]"))
      .transport("blocked.test", new Transport(Transport.Kind.ERROR, "5.7.1 no mail for blocked.test, ever"))
      .transport("vip@remote.test", new Transport(Transport.Kind.SMTP, "[vip-gw.test]:25"))
      .build();

  /** Golden table of RCPT-time verdicts, in the spirit of Postfix's smtp_map11.in/.ref. */
  @ParameterizedTest
  @CsvSource({
      "request@mail.example.test, LOCAL",
      "REQUEST@Mail.Example.Test, LOCAL",
      "request@mail.example.test., LOCAL",
      "request+tag@mail.example.test, LOCAL",
      "info@mail.example.test, UNKNOWN_LOCAL_USER",
      "info+x@mail.example.test, UNKNOWN_LOCAL_USER",
      "nobody@mail.example.test, UNKNOWN_LOCAL_USER",
      "sales@mail.example.test, LOCAL",
      "sales+q4@mail.example.test, LOCAL",
      "anything@other.test, LOCAL",
      "elon.musk@spacex.com, REMOTE",
      "request@example.test, REMOTE",
      "postmaster, UNKNOWN_LOCAL_USER",
      "joe@aliases.test, LOCAL",
      "bob@aliases.test, UNKNOWN_LOCAL_USER",
      "anyone@relayed.test, LOCAL",
      "leser@xn--bcher-kva.test, LOCAL",
      "leser@bücher.test, LOCAL",
      "Leser@BÜCHER.test, LOCAL",
      "autor@bücher.test, UNKNOWN_LOCAL_USER",
      "leser@bucher.test, REMOTE"
  })
  void rcptVerdicts(String address, RecipientStatus expected) {
    assertEquals(expected, MAPS.status(address));
  }

  @Test
  void aMailboxIsMaildirUnlessMarkedMboxWhateverTheCaseOfItsAddress() {
    MapsSnapshot maps = MapsSnapshot.builder(1).domain("d.test", DomainClass.LOCAL).mailbox("ann@d.test", true)
        .mailbox("bob@d.test", true).mboxMailbox("Bob@D.test").build();
    Route.Mailbox bob = (Route.Mailbox) maps.route("bob@d.test").get(0);
    assertTrue(maps.isMbox(bob.address()));
    assertFalse(maps.isMbox(((Route.Mailbox) maps.route("ann@d.test").get(0)).address()));
  }

  @Test
  void mailboxRoutesToItself() {
    assertEquals(List.of(new Route.Mailbox("request@mail.example.test")), MAPS.route("Request+x@mail.example.test"));
  }

  @Test
  void aliasExpandsRecursivelyToLocalAndRemoteWithoutDuplicates() {
    assertEquals(List.of(
        new Route.Mailbox("bob@mail.example.test"),
        new Route.Remote("partner@remote.test", "remote.test"),
        new Route.Mailbox("request@mail.example.test")), MAPS.route("team@mail.example.test"));
  }

  @Test
  void aliasLoopIsUndeliverableNotInfinite() {
    assertEquals(List.of(new Route.Undeliverable("ping@mail.example.test", "5.4.6",
        "mail forwarding loop for ping@mail.example.test")), MAPS.route("ping@mail.example.test"));
  }

  @Test
  void selfReferenceDeliversToTheMailboxWhenOneExists() {
    assertEquals(List.of(new Route.Undeliverable("self@mail.example.test", "5.4.6",
        "mail forwarding loop for self@mail.example.test"), new Route.Mailbox("bob@mail.example.test")),
        MAPS.route("self@mail.example.test"));
  }

  @Test
  void aliasToUnknownUserIsUndeliverable() {
    assertEquals(List.of(new Route.Undeliverable("nobody@mail.example.test", "5.1.1",
        "user unknown in local recipient table")), MAPS.route("ghost@mail.example.test"));
  }

  @Test
  void catchAllNeverShadowsAnExistingMailbox() {
    assertEquals(List.of(new Route.Mailbox("ann@other.test")), MAPS.route("ann@other.test"));
    assertEquals(List.of(new Route.Mailbox("ann@other.test")), MAPS.route("who@other.test"));
  }

  @Test
  void remoteAddressIsNotExpanded() {
    assertEquals(List.of(new Route.Remote("elon.musk@spacex.com", "spacex.com")), MAPS.route("Elon.Musk@SpaceX.com"));
  }

  /** Golden table of transport(5) lookups: address, then domain, then .parent; else MX of the domain. */
  @ParameterizedTest
  @CsvSource({
      "x@relayed.test, [10.0.0.5]:2525",
      "x@eu.corp.test, [gw.corp.test]",
      "x@a.b.corp.test, [gw.corp.test]",
      "x@corp.test, corp.test",
      "vip@remote.test, [vip-gw.test]:25",
      "other@remote.test, remote.test"
  })
  void transportsChooseTheNextHop(String address, String nextHop) {
    assertEquals(List.of(new Route.Remote(address, nextHop)), MAPS.route(address));
  }

  @Test
  void explainShowsEveryMapConsultedAndWhatMatched() {
    Explanation why = MAPS.explain("sales+q4@mail.example.test");
    assertEquals(7, why.mapsVersion());
    assertEquals(List.of(
        "sales+q4@mail.example.test: domain mail.example.test is LOCAL",
        "aliases: no entry sales+q4@mail.example.test",
        "aliases: sales@mail.example.test -> bob@mail.example.test, partner@remote.test",
        "  bob@mail.example.test: domain mail.example.test is LOCAL",
        "  aliases: no entry bob@mail.example.test",
        "  mailboxes: bob@mail.example.test receives mail",
        "  partner@remote.test: domain remote.test is not ours (remote)",
        "  transport: no entry; MX lookup of remote.test"), why.steps());
    assertEquals(MAPS.route("sales+q4@mail.example.test"), why.routes());
  }

  @Test
  void anErrorTransportBouncesWithItsOwnStatus() {
    assertEquals(List.of(new Route.Undeliverable("x@blocked.test", "5.7.1", "no mail for blocked.test, ever")),
        MAPS.route("x@blocked.test"));
  }

  /** Mailman's recipe: a relay domain whose transport is a command, reached also through an alias. */
  @Test
  void aPipeTransportRoutesToItsCommand() {
    MapsSnapshot maps = MapsSnapshot.builder(1).domain("lists.test", DomainClass.RELAY)
        .domain("mail.example.test", DomainClass.LOCAL)
        .alias("news@mail.example.test", "announce@lists.test")
        .transport("lists.test", new Transport(Transport.Kind.PIPE, "/usr/lib/mailman/mail/mailman post ${user}"))
        .build();
    assertEquals(List.of(new Route.Pipe("announce+x@lists.test", "/usr/lib/mailman/mail/mailman post ${user}")),
        maps.route("Announce+x@Lists.test"));
    assertEquals(List.of(new Route.Pipe("announce@lists.test", "/usr/lib/mailman/mail/mailman post ${user}")),
        maps.route("news@mail.example.test"));
    assertTrue(maps.explain("announce@lists.test").steps().stream()
        .anyMatch(step -> step.contains("transport: PIPE /usr/lib/mailman/mail/mailman post ${user}")));
  }

  @Test
  void aRelayhostTakesWhatNoTransportClaims() {
    MapsSnapshot maps = MapsSnapshot.builder(1).relayhost("[smarthost.test]:587")
        .transport("direct.test", new Transport(Transport.Kind.SMTP, "")).build();
    assertEquals(List.of(new Route.Remote("a@far.test", "[smarthost.test]:587")), maps.route("a@far.test"));
    assertEquals(List.of(new Route.Remote("a@direct.test", "direct.test")), maps.route("a@direct.test"));
  }

  @Test
  void aVirtualAliasDomainHasOnlyAliases() {
    assertEquals(List.of(new Route.Mailbox("bob@mail.example.test")), MAPS.route("joe@aliases.test"));
    assertEquals(List.of(new Route.Undeliverable("bob@aliases.test", "5.1.1", "user unknown in virtual alias table")),
        MAPS.route("bob@aliases.test"));
  }

  @Test
  void passwordsAreCheckedAgainstBcryptHashes() {
    String hash = OpenBSDBCrypt.generate("s3cret".toCharArray(), new byte[16], 4);
    MapsSnapshot maps = MapsSnapshot.builder(1).domain("d.test", DomainClass.LOCAL).mailbox("u@d.test", true)
        .passwordHash("u@d.test", hash).build();
    assertTrue(maps.verifyPassword("U@D.test", "s3cret".toCharArray()));
    assertFalse(maps.verifyPassword("u@d.test", "S3cret".toCharArray()));
    assertFalse(maps.verifyPassword("nobody@d.test", "s3cret".toCharArray()));
  }

  @Test
  void withSenderLoginMatchAClientSendsOnlyAsItselfOrItsAliases() {
    MapsSnapshot maps = MapsSnapshot.builder(1).domain("d.test", DomainClass.LOCAL).mailbox("u@d.test", true)
        .mailbox("v@d.test", true).alias("sales@d.test", "u@d.test").senderLoginMatch(true).build();
    assertTrue(maps.maySendAs("u@d.test", "u@d.test"));
    assertTrue(maps.maySendAs("u@d.test", "sales@d.test"));
    assertTrue(maps.maySendAs("u@d.test", ""));
    assertFalse(maps.maySendAs("u@d.test", "v@d.test"));
    assertFalse(maps.maySendAs("u@d.test", "ceo@elsewhere.test"));
    assertTrue(MapsSnapshot.builder(1).build().maySendAs("u@d.test", "ceo@elsewhere.test"));
  }
}
