package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MailParametersTest {

  @Test
  void sizeAndBodyAreUnderstood() throws Exception {
    assertEquals(new MailParameters(123, "8BITMIME"),
        MailParameters.of(Map.of("SIZE", "123", "BODY", "8bitmime")));
    assertEquals(new MailParameters(-1, "7BIT"), MailParameters.of(Map.of()));
    assertEquals(Long.MAX_VALUE, MailParameters.of(Map.of("SIZE", "99999999999999999999")).declaredSize());
  }

  @Test
  void unknownKeywordsGet555() {
    SmtpSyntaxException e = assertThrows(SmtpSyntaxException.class,
        () -> MailParameters.of(Map.of("SMTPUTF8", "")));
    assertEquals("555 5.5.4 Unsupported option: SMTPUTF8", e.reply().summary());
  }

  @Test
  void badValuesGet501() {
    assertEquals("501 5.5.4 Bad message size syntax", assertThrows(SmtpSyntaxException.class,
        () -> MailParameters.of(Map.of("SIZE", "12k"))).reply().summary());
    assertEquals("501 5.5.4 Error: bad parameter syntax", assertThrows(SmtpSyntaxException.class,
        () -> MailParameters.of(Map.of("BODY", "BINARYMIME"))).reply().summary());
  }
}
