package io.postfleet.smtp.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataBodyReaderTest {

  @Test
  void keepsCrlfContentAndStopsRightAfterTheEndMark() {
    DataBodyReader reader = new DataBodyReader(1000);
    byte[] input = ascii("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");

    int consumed = reader.consume(input, 0, input.length);

    assertTrue(reader.finished());
    assertEquals(input.length - "QUIT\r\n".length(), consumed);
    assertContent("Subject: hi\r\n\r\nbody\r\n", reader.result());
  }

  @Test
  void removesDotStuffingOnlyAtLineStart() {
    assertContent(".hidden\r\na.b\r\n..\r\nx\r\n", read("..hidden\r\na.b\r\n...\r\n.x\r\n.\r\n"));
  }

  @Test
  void emptyMessageIsJustTheEndMark() {
    ReceivedData data = read(".\r\n");

    assertContent("", data);
    assertEquals(0, data.size());
  }

  @Test
  void eightBitBytesPassUntouched() {
    byte[] body = {(byte) 0xc3, (byte) 0xa7, 0x00, (byte) 0xff, '\r', '\n'};
    byte[] input = new byte[body.length + 3];
    System.arraycopy(body, 0, input, 0, body.length);
    input[body.length] = '.';
    input[body.length + 1] = '\r';
    input[body.length + 2] = '\n';
    DataBodyReader reader = new DataBodyReader(100);

    reader.consume(input, 0, input.length);

    assertArrayEquals(body, reader.result().content());
  }

  @Test
  void endMarkSplitAcrossReadsInEveryWay() {
    String text = "line one\r\n..two\r\n.\r\nNEXT";
    byte[] input = ascii(text);
    for (int a = 0; a <= input.length; a++) {
      for (int b = a; b <= input.length; b++) {
        DataBodyReader reader = new DataBodyReader(1000);
        int consumed = reader.consume(input, 0, a);
        if (!reader.finished()) {
          consumed += reader.consume(input, a, b - a);
        }
        if (!reader.finished()) {
          consumed += reader.consume(input, b, input.length - b);
        }
        String where = "split at " + a + "/" + b;
        assertTrue(reader.finished(), where);
        assertEquals(text.indexOf("NEXT"), consumed, where);
        assertContent("line one\r\n.two\r\n", reader.result());
      }
    }
  }

  @Test
  void smugglingSequencesDoNotEndDataAndTheMessageIsRefused() {
    String[][] cases = {
        {"a\n.\r\nMAIL FROM:<evil@x>\r\n", "BARE_LF"},
        {"a\r\n.\nMAIL FROM:<evil@x>\r\n", "BARE_LF"},
        {"a\r.\rMAIL FROM:<evil@x>\r\n", "BARE_CR"},
        {"a\r\n.\r\rMAIL FROM:<evil@x>\r\n", "BARE_CR"},
        {"a\n.\nb\r\n", "BARE_LF"},
    };
    for (String[] c : cases) {
      DataBodyReader reader = new DataBodyReader(1000);
      byte[] smuggled = ascii(c[0]);
      assertEquals(smuggled.length, reader.consume(smuggled, 0, smuggled.length), c[0]);
      assertFalse(reader.finished(), c[0]);

      byte[] realEnd = ascii(".\r\n");
      reader.consume(realEnd, 0, realEnd.length);

      assertTrue(reader.finished(), c[0]);
      assertEquals(DataVerdict.valueOf(c[1]), reader.result().verdict(), c[0]);
      assertEquals(0, reader.result().content().length, c[0]);
    }
  }

  @Test
  void contentBeyondTheLimitIsCountedAndDiscarded() {
    ReceivedData data = read("x".repeat(100) + "\r\n.\r\n", 50);

    assertEquals(DataVerdict.TOO_BIG, data.verdict());
    assertEquals(102, data.size());
    assertEquals(0, data.content().length);
  }

  @Test
  void contentExactlyAtTheLimitIsAccepted() {
    ReceivedData data = read("x".repeat(48) + "\r\n.\r\n", 50);

    assertEquals(DataVerdict.OK, data.verdict());
    assertEquals(50, data.content().length);
  }

  @Test
  void largeContentGrowsTheBuffer() {
    String line = "y".repeat(998) + "\r\n";
    ReceivedData data = read(line.repeat(100) + ".\r\n", 1 << 20);

    assertContent(line.repeat(100), data);
  }

  private static ReceivedData read(String text) {
    return read(text, 10_000);
  }

  private static ReceivedData read(String text, long limit) {
    DataBodyReader reader = new DataBodyReader(limit);
    byte[] input = ascii(text);
    reader.consume(input, 0, input.length);
    return reader.result();
  }

  private static void assertContent(String expected, ReceivedData data) {
    assertEquals(DataVerdict.OK, data.verdict());
    assertEquals(expected, new String(data.content(), StandardCharsets.ISO_8859_1));
    assertEquals(expected.length(), data.size());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
