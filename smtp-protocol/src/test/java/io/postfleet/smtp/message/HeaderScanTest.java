package io.postfleet.smtp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderScanTest {

  private static HeaderScan scan(String message) {
    return HeaderScan.of(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fieldsEndAtTheEmptyLine() {
    String message = "Subject: hi\r\nFrom: a@b.test\r\n\r\nReceived: not a header, body\r\n";
    HeaderScan h = scan(message);
    assertEquals(List.of(new HeaderScan.Field("Subject", "hi"), new HeaderScan.Field("From", "a@b.test")),
        h.fields());
    assertEquals(message.indexOf("\r\n\r\n") + 2, h.end());
    assertTrue(h.separated());
    assertEquals(0, h.hops());
  }

  @Test
  void foldedLinesBelongToTheFieldAbove() {
    HeaderScan h = scan("Received: from a\r\n\tby b;\r\n Tue, 1 Jun 2025\r\nDelivered-To: x@y.test\r\n\r\n");
    assertEquals(List.of("from a\tby b; Tue, 1 Jun 2025"), h.values("received"));
    assertEquals(2, h.hops());
    assertTrue(h.deliveredTo("X@Y.test"));
    assertFalse(h.deliveredTo("z@y.test"));
  }

  @Test
  void aMessageWithoutHeadersStartsWithItsBody() {
    HeaderScan h = scan("mail from info to root.\r\n");
    assertTrue(h.fields().isEmpty());
    assertEquals(0, h.end());
    assertFalse(h.separated());
  }

  @Test
  void aLineThatIsNoFieldEndsTheSection() {
    String message = "Subject: x\r\nHello there: not a name\r\n";
    HeaderScan h = scan(message);
    assertEquals(1, h.fields().size());
    assertEquals("Subject: x\r\n".length(), h.end());
    assertFalse(h.separated());
  }

  @Test
  void aMessageWithNoBodyEndsAtItsLength() {
    String message = "Subject: x\r\nFrom: a@b.test\r\n";
    HeaderScan h = scan(message);
    assertEquals(message.length(), h.end());
    assertEquals(2, h.fields().size());
    assertFalse(h.lineOpen());
    HeaderScan open = scan("Subject: x");
    assertEquals("Subject: x".length(), open.end());
    assertTrue(open.lineOpen());
  }

  @Test
  void whiteSpaceBeforeTheColonIsAnObsoleteButValidField() {
    HeaderScan h = scan("Received : from old\nsubject:bare LF\n\nbody\n");
    assertEquals(1, h.hops());
    assertEquals(List.of("bare LF"), h.values("Subject"));
    assertTrue(h.separated());
  }

  @Test
  void anEmptyMessageHasNothing() {
    HeaderScan h = scan("");
    assertEquals(0, h.end());
    assertTrue(h.fields().isEmpty());
  }
}
