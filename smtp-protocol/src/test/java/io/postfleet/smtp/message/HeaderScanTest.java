package io.postfleet.smtp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderScanTest {

  private static HeaderScan scan(String message) {
    return HeaderScan.of(message.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fieldsEndAtTheEmptyLine() {
    String message = "Subject: hi\r\nFrom: a@b.test\r\n\r\nReceived: not a header, body\r\n";
    HeaderScan h = scan(message);
    assertEquals(
        List.of(new HeaderScan.Field("Subject", "hi", 0, 11), new HeaderScan.Field("From", "a@b.test", 13, 27)),
        h.fields());
    assertEquals(message.indexOf("\r\n\r\n") + 2, h.end());
    assertEquals(message.indexOf("\r\n\r\n") + 4, h.bodyStart());
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

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // message (\r and \n spelled out)      | end | bodyStart | fields
      "A: 1\\r\\n\\r\\nbody                      | 6   | 8         | 1",
      "A: 1\\n\\nbody                          | 5   | 6         | 1",
      "A: 1\\r\\n\\nbody                        | 6   | 7         | 1",
      "A: 1\\n\\r\\nbody                        | 5   | 7         | 1",
      "A: 1\\r\\nB: 2\\n\\r\\nbody                | 11  | 13        | 2",
      "A: 1\\r\\n\\r\\n                          | 6   | 8         | 1",
      "A: 1\\r\\n\\r                            | 6   | 6         | 1",
      "A: 1\\r\\n\\rbody                        | 6   | 6         | 1",
      "\\r\\nbody                              | 0   | 2         | 0",
      "\\nbody                                | 0   | 1         | 0",
      "A: 1\\r\\n \\r\\n\\r\\nbody                  | 9   | 11        | 1",
      "A: 1\\r\\n\tmore\\n\\nbody                  | 12  | 13        | 1",
      "A: 1\\r\\r\\n\\r\\nbody                    | 7   | 9         | 1",
  })
  void theSectionEndsAtTheFirstEmptyLineWhateverItsLineEnds(String spelled, int end, int bodyStart, int fields) {
    HeaderScan h = scan(spelled.replace("\\r", "\r").replace("\\n", "\n"));
    assertEquals(end, h.end(), "end");
    assertEquals(bodyStart, h.bodyStart(), "bodyStart");
    assertEquals(fields, h.fields().size(), "fields");
  }

  @Test
  void theSameSectionIsFoundWhicheverLineEndsItUses() {
    String crlf = "From: a@b.test\r\nSubject: one\r\n two\r\n\r\nbody\r\n";
    HeaderScan withCrlf = scan(crlf);
    HeaderScan withLf = scan(crlf.replace("\r\n", "\n"));
    assertEquals(withCrlf.fields().stream().map(f -> f.name() + ":" + f.value()).toList(),
        withLf.fields().stream().map(f -> f.name() + ":" + f.value()).toList());
    assertEquals("body\r\n", crlf.substring(withCrlf.bodyStart()));
    assertEquals("body\n", crlf.replace("\r\n", "\n").substring(withLf.bodyStart()));
  }

  @Test
  void foldedKeepsTheFoldingAndWritesEveryLineBreakAsCrlf() {
    byte[] message = "Subject: one\n two\r\n\tthree\r\nFrom: x\n\nbody".getBytes(StandardCharsets.UTF_8);
    HeaderScan h = HeaderScan.of(message);
    assertEquals("Subject: one\r\n two\r\n\tthree", h.fields().get(0).folded(message, StandardCharsets.UTF_8));
    assertEquals("From: x", h.fields().get(1).folded(message, StandardCharsets.UTF_8));
    assertEquals("one two\tthree", h.fields().get(0).value());
  }

  @Test
  void aBareCrIsPartOfItsLine() {
    HeaderScan h = scan("A: 1\rB: 2\r\n\r\nbody");
    assertEquals(List.of("1\rB: 2"), h.values("A"));
    assertFalse(h.has("B"));
  }
}
