package io.postfleet.smtpingress.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.RecipientStatus;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientPolicyTest {
  private static final NetworkList LOOPBACK = NetworkList.parse(List.of("127.0.0.0/8"));

  @Test
  void eachMapsAnswerBecomesOneDecision() throws Exception {
    InetAddress outsider = InetAddress.getByName("203.0.113.5");
    InetAddress trusted = InetAddress.getByName("127.0.0.1");

    assertResult("ACCEPT 250 2.1.5 Ok", policy(RecipientStatus.LOCAL).check(outsider, "a@ours.test"));
    assertResult("REJECT 550 5.1.1 <a@ours.test>: Recipient address rejected: User unknown in local "
        + "recipient table", policy(RecipientStatus.UNKNOWN_LOCAL_USER).check(trusted, "a@ours.test"));
    assertResult("REJECT 554 5.7.1 <a@theirs.test>: Relay access denied",
        policy(RecipientStatus.REMOTE).check(outsider, "a@theirs.test"));
    assertResult("ACCEPT 250 2.1.5 Ok", policy(RecipientStatus.REMOTE).check(trusted, "a@theirs.test"));
    assertResult("DEFER 451 4.3.0 <a@ours.test>: Temporary lookup failure",
        policy(RecipientStatus.UNAVAILABLE).check(trusted, "a@ours.test"));
  }

  @Test
  void aFailingLookupDefersAndNeverRejects() throws Exception {
    RecipientMaps broken = address -> {
      throw new IllegalStateException("connection refused");
    };
    PolicyResult result = new RecipientPolicy(broken, LOOPBACK)
        .check(InetAddress.getByName("203.0.113.5"), "a@ours.test");

    assertEquals(PolicyResult.Decision.DEFER, result.decision());
    assertEquals("lookup_failure", result.reason());
  }

  private static RecipientPolicy policy(RecipientStatus status) {
    return new RecipientPolicy(address -> status, LOOPBACK);
  }

  private static void assertResult(String expected, PolicyResult result) {
    assertEquals(expected, result.decision() + " " + result.reply().summary());
  }
}
