package io.postfleet.smtp.name;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdnaTest {

  @Test
  void sharpSIsKeptNotMappedToAnotherDomain() {
    // IDNA2003 (java.net.IDN) and UTS #46 transitional processing would give fass.de.
    assertEquals(Optional.of("xn--fa-hia.de"), Idna.toAscii("faß.de"));
    assertEquals(Optional.of("faß.de"), Idna.toUnicode("xn--fa-hia.de"));
  }

  @Test
  void upperCaseFoldsToOneALabel() {
    assertEquals(Optional.of("xn--bcher-kva.example"), Idna.toAscii("Bücher.example"));
    assertEquals(Optional.of("xn--bcher-kva.example"), Idna.toAscii("BÜCHER.EXAMPLE"));
    assertEquals(Optional.of("mail.example"), Idna.toAscii("MAIL.Example"));
    assertEquals(Optional.of("bücher.example"), Idna.toUnicode("XN--BCHER-KVA.example"));
  }

  @Test
  void theJoinersAreKeptWhereTheContextAllowsThem() {
    // RFC 5892 Appendix A.1: ZWNJ after a virama (Devanagari), which transitional processing deletes.
    String withJoiner = Idna.toAscii("क्\u200Cष.example").orElseThrow();
    assertNotEquals(Idna.toAscii("क्ष.example").orElseThrow(), withJoiner);
    assertEquals(Optional.of("क्\u200Cष.example"), Idna.toUnicode(withJoiner));
    assertEquals(Optional.empty(), Idna.toAscii("a\u200Cb.example"));
  }

  @Test
  void invalidNamesGiveNoAnswer() {
    assertEquals(Optional.empty(), Idna.toAscii("xn--a.example")); // not valid Punycode
    assertEquals(Optional.empty(), Idna.toAscii("a..example"));
    assertEquals(Optional.empty(), Idna.toAscii(""));
    assertEquals(Optional.empty(), Idna.toAscii("a\u0000b.example"));
    assertEquals(Optional.empty(), Idna.toAscii("a b.example"));
    assertEquals(Optional.empty(), Idna.toAscii("a/b.example"));
    assertEquals(Optional.empty(), Idna.toAscii("x".repeat(64) + ".example"));
    assertEquals(Optional.empty(), Idna.toAscii("\u05D0a.example")); // RFC 5893 §2: RTL then LTR
    assertEquals(Optional.empty(), Idna.toUnicode("xn--a.example"));
  }

  @Test
  void hyphensAndUnderscoresAreLeftToTheCallersHostNamePolicy() {
    assertEquals(Optional.of("r3---sn-abc.example"), Idna.toAscii("r3---sn-abc.example"));
    assertEquals(Optional.of("_dmarc.example"), Idna.toAscii("_dmarc.example"));
  }
}
