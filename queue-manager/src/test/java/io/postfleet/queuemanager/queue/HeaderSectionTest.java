package io.postfleet.queuemanager.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

  @Test
  void theHeaderSectionEndsAtTheEmptyLine() {
    HeaderSection h = HeaderSection.of(bytes("Subject: hi\r\nFrom: a@b\r\n\r\nbody\r\n\r\nmore\r\n"));
    assertEquals("Subject: hi\r\nFrom: a@b\r\n", h.text());
    assertFalse(h.truncated());
  }

  @Test
  void bareLineFeedsEndItToo() {
    assertEquals("Subject: hi\n", HeaderSection.of(bytes("Subject: hi\n\nbody\n")).text());
  }

  @Test
  void aLineThatIsNoFieldStartsTheBodyAsInEveryOtherService() {
    assertEquals("Subject: hi\r\n", HeaderSection.of(bytes("Subject: hi\r\nnot a field\r\n\r\nbody\r\n")).text());
    assertEquals("Subject: hi\r\n", HeaderSection.of(bytes("Subject: hi\r\n\nbody\r\n")).text());
  }

  @Test
  void aMessageWithoutBodyIsAllHeader() {
    assertEquals("Subject: hi\r\n", HeaderSection.of(bytes("Subject: hi\r\n")).text());
  }

  @Test
  void aHugeHeaderSectionIsCappedAndSaysSo() {
    String folded = "X-Big: " + "a".repeat(100) + "\r\n";
    HeaderSection h = HeaderSection.of(bytes(folded.repeat(1000) + "\r\nbody"));
    assertEquals(HeaderSection.LIMIT, h.text().length());
    assertTrue(h.truncated());
  }

  @Test
  void theCapNeverSplitsAUtf8Character() {
    HeaderSection h = HeaderSection.of(("X: " + "ü".repeat(40_000) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    assertTrue(h.truncated());
    assertEquals("X: " + "ü".repeat((HeaderSection.LIMIT - 4) / 2), h.text());
  }

  @Test
  void utf8HeadersStayUtf8AndStrayEightBitBytesStillShow() {
    assertEquals("Subject: Grüße\r\n",
        HeaderSection.of("Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.UTF_8)).text());
    assertEquals("Subject: Grüße\r\n",
        HeaderSection.of("Subject: Grüße\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)).text());
    assertEquals("X: a b\r\n", HeaderSection.of(bytes("X: a\0b\r\n\r\n")).text());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
