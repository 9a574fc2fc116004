package io.postfleet.smtpingress.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.maps.ClientMaps;
import io.postfleet.maps.MapsAnswer;
import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.postfleet.maps.network.NetworkList;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientPolicyTest {
  private static final NetworkList LOOPBACK = NetworkList.parse(List.of("127.0.0.0/8"));

  @Test
  void eachMapsAnswerBecomesOneDecision() throws Exception {
    InetAddress outsider = InetAddress.getByName("203.0.113.5");
    InetAddress trusted = InetAddress.getByName("127.0.0.1");

    assertResult("ACCEPT 250 2.1.5 Ok", policy(RecipientStatus.LOCAL).check(outsider, false, "a@ours.test"));
    assertResult("REJECT 550 5.1.1 <a@ours.test>: Recipient address rejected: User unknown in local "
        + "recipient table", policy(RecipientStatus.UNKNOWN_LOCAL_USER).check(trusted, true, "a@ours.test"));
    assertResult("REJECT 554 5.7.1 <a@theirs.test>: Relay access denied",
        policy(RecipientStatus.REMOTE).check(outsider, false, "a@theirs.test"));
    assertResult("ACCEPT 250 2.1.5 Ok", policy(RecipientStatus.REMOTE).check(trusted, false, "a@theirs.test"));
    assertResult("ACCEPT 250 2.1.5 Ok", policy(RecipientStatus.REMOTE).check(outsider, true, "a@theirs.test"));
    assertResult("DEFER 451 4.3.0 <a@ours.test>: Temporary lookup failure",
        policy(RecipientStatus.UNAVAILABLE).check(trusted, false, "a@ours.test"));
  }

  @Test
  void aFailingLookupDefersAndNeverRejects() throws Exception {
    RecipientMaps broken = address -> {
      throw new IllegalStateException("connection refused");
    };
    PolicyResult result = new RecipientPolicy(broken, new TrustedNetworks(LOOPBACK, new DatabaseNetworks()))
        .check(InetAddress.getByName("203.0.113.5"), false, "a@ours.test");

    assertEquals(PolicyResult.Decision.DEFER, result.decision());
    assertEquals("lookup_failure", result.reason());
  }

  @Test
  void databaseNetworksCountAlongsideConfiguredOnesAndBadRowsAreSkipped() throws Exception {
    DatabaseNetworks database = new DatabaseNetworks();
    TrustedNetworks trusted = new TrustedNetworks(LOOPBACK, database);
    InetAddress office = InetAddress.getByName("198.51.100.7");

    assertFalse(trusted.contains(office));
    database.entries = List.of("not-a-network", "198.51.100.0/24", "10.0.0.1/8");
    assertTrue(trusted.contains(office));
    assertTrue(trusted.contains(InetAddress.getByName("127.0.0.1")));
    assertFalse(trusted.contains(InetAddress.getByName("10.0.0.1")));
    // The same list object is parsed once; a new snapshot's list is parsed again.
    int parsedLists = database.calls;
    trusted.contains(office);
    assertEquals(parsedLists + 1, database.calls);
    database.entries = new ArrayList<>();
    assertFalse(trusted.contains(office));
  }

  private static RecipientPolicy policy(RecipientStatus status) {
    return new RecipientPolicy(address -> status, new TrustedNetworks(LOOPBACK, new DatabaseNetworks()));
  }

  private static void assertResult(String expected, PolicyResult result) {
    assertEquals(expected, result.decision() + " " + result.reply().summary());
  }

  /** The mynetworks rows of a maps snapshot; a new list stands for a new snapshot. */
  private static final class DatabaseNetworks implements ClientMaps {
    volatile List<String> entries = List.of();
    int calls;

    @Override
    public List<String> trustedNetworks() {
      calls++;
      return entries;
    }

    @Override
    public MapsAnswer verifyPassword(String username, char[] password) {
      return MapsAnswer.NO;
    }

    @Override
    public MapsAnswer maySendAs(String login, String sender) {
      return MapsAnswer.YES;
    }
  }
}
