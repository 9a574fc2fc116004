package io.postfleet.smtpingress.checks.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FromHeaderTest {

  @Test
  void onlyFromFieldsOfTheHeaderSectionCountWhateverTheLineEnds() {
    String crlf = "From: Info\r\n <info@example.test>\r\nTo: x@y.test\r\n\r\nFrom: body@elsewhere.test\r\n";
    assertEquals(List.of("Info <info@example.test>"), values(crlf));
    assertEquals(List.of("Info <info@example.test>"), values(crlf.replace("\r\n", "\n")));
  }

  @Test
  void aLineThatIsNoFieldEndsTheSectionAsEverywhereElse() {
    // The DKIM verifier and the queue see the body start here too; a From: below it is body text.
    assertEquals(List.of("a@b.test"), values("From: a@b.test\r\nnot a field\r\nFrom: c@d.test\r\n\r\nbody\r\n"));
  }

  private static List<String> values(String message) {
    return FromHeader.values(message.getBytes(StandardCharsets.UTF_8));
  }
}
