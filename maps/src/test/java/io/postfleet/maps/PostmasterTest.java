package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5321 §4.5.1: postmaster@ each of our domains, and the bare postmaster, reach the postmaster. */
class PostmasterTest {
  private static MapsSnapshot.Builder maps() {
    return MapsSnapshot.builder(1)
        .domain("mail.example.test", DomainClass.LOCAL)
        .domain("aliases.test", DomainClass.VIRTUAL_ALIAS)
        .domain("catchall.test", DomainClass.VIRTUAL_ALIAS)
        .domain("relayed.test", DomainClass.RELAY)
        .domain("own.test", DomainClass.VIRTUAL_ALIAS)
        .mailbox("admin@mail.example.test", true)
        .alias("@catchall.test", "admin@mail.example.test")
        .alias("postmaster@own.test", "ops@remote.test");
  }

  private static final MapsSnapshot WITH = maps().postmaster("Admin@Mail.Example.Test").build();
  private static final MapsSnapshot WITHOUT = maps().build();

  @ParameterizedTest
  @CsvSource({
      "postmaster, admin@mail.example.test",
      "PostMaster, admin@mail.example.test",
      "postmaster@mail.example.test, admin@mail.example.test",
      "POSTMASTER@aliases.test, admin@mail.example.test",
      "postmaster@catchall.test, admin@mail.example.test",
  })
  void postmasterOfEveryDomainOfOursReachesTheConfiguredAddress(String recipient, String mailbox) {
    assertEquals(RecipientStatus.LOCAL, WITH.status(recipient));
    assertEquals(List.of(new Route.Mailbox(mailbox)), WITH.route(recipient));
  }

  @Test
  void aDomainsOwnPostmasterEntryWins() {
    assertEquals(List.of(new Route.Remote("ops@remote.test", "remote.test")), WITH.route("postmaster@own.test"));
  }

  @Test
  void postmasterOfOtherDomainsIsRemote() {
    assertEquals(RecipientStatus.REMOTE, WITH.status("postmaster@remote.test"));
    assertEquals(RecipientStatus.LOCAL, WITH.status("postmaster@relayed.test"));
    assertEquals(List.of(new Route.Remote("postmaster@relayed.test", "relayed.test")),
        WITH.route("postmaster@relayed.test"));
  }

  @Test
  void withoutAPostmasterNothingChanges() {
    assertEquals(RecipientStatus.UNKNOWN_LOCAL_USER, WITHOUT.status("postmaster@mail.example.test"));
    assertEquals(RecipientStatus.UNKNOWN_LOCAL_USER, WITHOUT.status("postmaster"));
    assertEquals(List.of(new Route.Undeliverable("postmaster", "5.1.1", "no postmaster address configured")),
        WITHOUT.route("postmaster"));
  }

  @Test
  void explainSaysWhy() {
    assertEquals(true, WITH.explain("postmaster").steps().toString().contains("postmaster: -> admin@mail.example.test"),
        WITH.explain("postmaster").steps().toString());
  }
}
