package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postfleet.smtp.command.RcptParameters.Notify;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RcptParametersTest {

  @Test
  void notifyAndOrcptAreUnderstoodAndDecoded() throws Exception {
    assertEquals(new RcptParameters(Set.of(Notify.SUCCESS, Notify.DELAY), "rfc822;ann+tag@example.test"),
        RcptParameters.of(Map.of("NOTIFY", "success,Delay", "ORCPT", "rfc822;ann+2Btag@example.test")));
    assertEquals(Set.of(Notify.NEVER), RcptParameters.of(Map.of("NOTIFY", "NEVER")).notifyOn());
    assertEquals(RcptParameters.NONE, RcptParameters.of(Map.of()));
    assertEquals("utf-8;ann\\x{E9}@example.test",
        RcptParameters.of(Map.of("ORCPT", "utf-8;ann\\x{E9}@example.test")).originalRecipient());
  }

  @Test
  void badNotifyGets501() {
    for (String bad : new String[] {"NEVER,SUCCESS", "SOMETIMES", "SUCCESS,", ",FAILURE", ""}) {
      assertEquals("501 5.5.4 Bad NOTIFY parameter syntax", reply(Map.of("NOTIFY", bad)), bad);
    }
  }

  @Test
  void badOrcptGets501() {
    for (String bad : new String[] {"ann@example.test", ";ann@example.test", "rfc822;",
        "rfc 822;a@b", "rfc822;a+0Ab@example.test", "rfc822;" + "a".repeat(500), "rfc822;a+ZZ"}) {
      assertEquals("501 5.5.4 Bad ORCPT parameter syntax", reply(Map.of("ORCPT", bad)), bad);
    }
  }

  @Test
  void otherKeywordsGet555() {
    assertEquals("555 5.5.4 Unsupported option: SIZE", reply(Map.of("SIZE", "1")));
  }

  private static String reply(Map<String, String> parameters) {
    return assertThrows(SmtpSyntaxException.class, () -> RcptParameters.of(parameters)).reply().summary();
  }
}
