package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MapsSnapshotTest {
  private static final MapsSnapshot MAPS = new MapsSnapshot(7,
      Set.of("mail.example.test", "other.test"),
      Map.of(
          "request@mail.example.test", true,
          "info@mail.example.test", false,
          "bob@mail.example.test", true,
          "ann@other.test", true),
      Map.of(
          "sales@mail.example.test", List.of("bob@mail.example.test", "partner@remote.test"),
          "team@mail.example.test", List.of("sales@mail.example.test", "request@mail.example.test", "bob@mail.example.test"),
          "ping@mail.example.test", List.of("pong@mail.example.test"),
          "pong@mail.example.test", List.of("ping@mail.example.test"),
          "self@mail.example.test", List.of("self@mail.example.test", "bob@mail.example.test"),
          "ghost@mail.example.test", List.of("nobody@mail.example.test"),
          "@other.test", List.of("ann@other.test")));

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
      "postmaster, REMOTE"
  })
  void rcptVerdicts(String address, RecipientStatus expected) {
    assertEquals(expected, MAPS.status(address));
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
}
