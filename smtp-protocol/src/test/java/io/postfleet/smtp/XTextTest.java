package io.postfleet.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XTextTest {

  @ParameterizedTest(name = "{0} <-> {1}")
  @CsvSource(delimiter = '|', value = {
      "info@example.test         | info@example.test",
      "a+b=c d                   | a+2Bb+3Dc+20d",
      "rfc822;user@example.test  | rfc822;user@example.test",
      "'~!#$%&*/?^_`{|}'         | '~!#$%&*/?^_`{|}'",
      "''                        | ''",
  })
  void encodesAndDecodesBackToTheSameValue(String value, String xtext) {
    assertEquals(xtext, XText.encode(value));
    assertEquals(Optional.of(value), XText.decode(xtext));
  }

  @Test
  void nonAsciiIsEncodedOctetByOctet() {
    assertEquals("rfc822;caf+C3+A9@x.test", XText.encode("rfc822;café@x.test"));
    assertEquals("+0D+0A+00+7F", XText.encode("\r\n\0\u007f"));
  }

  @Test
  void everyPrintableAsciiValueSurvivesTheRoundTrip() {
    Random random = new Random(3461);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder value = new StringBuilder();
      for (int i = random.nextInt(20); i > 0; i--) {
        value.append((char) (' ' + random.nextInt('~' - ' ' + 1)));
      }
      assertEquals(Optional.of(value.toString()), XText.decode(XText.encode(value.toString())), value.toString());
    }
  }

  @Test
  void anyHexEscapeOfAPrintableIsReadButWrittenPlain() {
    assertEquals(Optional.of("ABC"), XText.decode("+41B+43"));
    assertEquals("ABC", XText.encode(XText.decode("+41B+43").orElseThrow()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a=b", // '=' must be encoded
      "a b", // so must a space
      "+", "+4", "a+4", // a cut-off escape
      "+4g", "+G0", "+4a", // hexchar is 0-9 A-F, upper case only (RFC 3461 §4)
      "+0D+0AX-Injected:+20yes", "+00", "+09", "+7F", // controls would reach a bounce's headers
      "+C3+A9", // half a UTF-8 character each
      "café", // a raw octet above '~'
      "tab\there",
  })
  void invalidOrUnsafeXtextIsRefused(String xtext) {
    assertEquals(Optional.empty(), XText.decode(xtext), xtext);
  }
}
