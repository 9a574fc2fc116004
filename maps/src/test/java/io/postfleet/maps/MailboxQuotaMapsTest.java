package io.postfleet.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What RCPT's quota check and routing's quota come from: mailboxes after aliases, and each one's quota. */
class MailboxQuotaMapsTest {
  private static final MapsSnapshot MAPS = MapsSnapshot.builder(1)
      .domain("ours.test", DomainClass.LOCAL)
      .mailbox("ann@ours.test", true)
      .quota("Ann@Ours.test", 1000)
      .mailbox("bob@ours.test", true)
      .quota("bob@ours.test", 0)
      .alias("team@ours.test", "ann@ours.test", "bob@ours.test", "eve@remote.test")
      .build();

  @Test
  void aQuotaIsLookedUpByTheFoldedAddressAndZeroMeansNone() {
    assertEquals(1000, MAPS.quotaBytes("ann@ours.test"));
    assertEquals(1000, MAPS.quotaBytes("ANN@ours.test"));
    assertEquals(0, MAPS.quotaBytes("bob@ours.test"));
    assertEquals(0, MAPS.quotaBytes("nobody@ours.test"));
  }

  @Test
  void mailboxesAreTheLocalRoutesAfterAliases() {
    assertEquals(List.of("ann@ours.test", "bob@ours.test"), MAPS.mailboxes("team@ours.test"));
    assertEquals(List.of("ann@ours.test"), MAPS.mailboxes("ann+x@ours.test"));
    assertEquals(List.of(), MAPS.mailboxes("eve@remote.test"));
    assertEquals(List.of(), MAPS.mailboxes("nobody@ours.test"));
  }
}
