package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postfleet.smtp.command.MailParameters.Body;
import io.postfleet.smtp.command.MailParameters.Ret;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailParametersTest {

  @Test
  void everyParameterWeAdvertiseIsUnderstood() throws Exception {
    assertEquals(new MailParameters(123, Body.EIGHT_BIT_MIME, true, Ret.HDRS, "QQ314159+2Bx"),
        MailParameters.of(Map.of("SIZE", "123", "BODY", "8bitmime", "SMTPUTF8", "", "RET", "hdrs",
            "ENVID", "QQ314159+2B2Bx"), false));
    assertEquals(MailParameters.NONE, MailParameters.of(Map.of(), false));
    assertEquals(Long.MAX_VALUE, MailParameters.of(Map.of("SIZE", "99999999999999999999"), false).declaredSize());
    assertEquals(Body.BINARY_MIME, MailParameters.of(Map.of("BODY", "BINARYMIME"), false).body());
    assertEquals(Body.SEVEN_BIT, MailParameters.of(Map.of("BODY", "7BIT"), false).body());
    assertEquals(Ret.FULL, MailParameters.of(Map.of("RET", "FULL"), false).ret());
  }

  @Test
  void envelopeIdIsDecodedFromXtext() throws Exception {
    assertEquals("a+b=c d", MailParameters.of(Map.of("ENVID", "a+2Bb+3Dc+20d"), false).envelopeId());
  }

  @Test
  void authIsAcceptedOnlyWhereAuthIsOfferedAndNotCarried() throws Exception {
    assertEquals("555 5.5.4 Unsupported option: AUTH", reply(Map.of("AUTH", "<>"), false));
    assertEquals(MailParameters.NONE, MailParameters.of(Map.of("AUTH", "<>"), true));
    assertEquals(MailParameters.NONE, MailParameters.of(Map.of("AUTH", "ann+40example.test"), true));
    assertEquals("501 5.5.4 Bad AUTH parameter syntax", reply(Map.of("AUTH", "ann+4"), true));
  }

  @Test
  void unknownKeywordsGet555() {
    assertEquals("555 5.5.4 Unsupported option: XCLIENT", reply(Map.of("XCLIENT", "1"), true));
  }

  @Test
  void badValuesGet501() {
    assertEquals("501 5.5.4 Bad message size syntax", reply(Map.of("SIZE", "12k"), false));
    assertEquals("501 5.5.4 Bad BODY parameter syntax", reply(Map.of("BODY", "9BIT"), false));
    assertEquals("501 5.5.4 Bad SMTPUTF8 parameter syntax", reply(Map.of("SMTPUTF8", "yes"), false));
    assertEquals("501 5.5.4 Bad RET parameter syntax", reply(Map.of("RET", "ALL"), false));
    for (String envid : new String[] {"x".repeat(101), "a+0Db", "a+0db", "a+4", "caf\u00e9", "a+"}) {
      assertEquals("501 5.5.4 Bad ENVID parameter syntax", reply(Map.of("ENVID", envid), false), envid);
    }
  }

  private static String reply(Map<String, String> parameters, boolean authOffered) {
    return assertThrows(SmtpSyntaxException.class, () -> MailParameters.of(parameters, authOffered))
        .reply().summary();
  }
}
