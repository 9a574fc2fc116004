package io.postfleet.smtp.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feeds whole SMTP sessions in awkward fragments and checks that the decoder sees the same commands
 * and messages however the bytes were split. A little driver plays the server: it switches to DATA
 * mode when it sees a DATA command, as a session does after its 354.
 */
class SmtpInputDecoderTest {
  private static final String PIPELINED = "EHLO client.example\r\n"
      + "MAIL FROM:<a@example.test> SIZE=40\r\n"
      + "RCPT TO:<b@example.test>\r\n"
      + "DATA\r\n"
      + "Subject: hi\r\n\r\n..stuffed\r\n.\r\n"
      + "QUIT\r\n";
  private static final List<String> PIPELINED_EVENTS = List.of(
      "line EHLO client.example", "line MAIL FROM:<a@example.test> SIZE=40",
      "line RCPT TO:<b@example.test>", "line DATA", "message OK Subject: hi\r\n\r\n.stuffed\r\n",
      "line QUIT");

  @Test
  void pipelinedSessionInOneFragment() {
    assertEquals(PIPELINED_EVENTS, decode(100, 1000, PIPELINED));
  }

  @Test
  void pipelinedSessionSplitAtEveryPairOfPositions() {
    byte[] all = ascii(PIPELINED);
    for (int a = 0; a <= all.length; a++) {
      for (int b = a; b <= all.length; b++) {
        List<byte[]> fragments = List.of(slice(all, 0, a), slice(all, a, b), slice(all, b, all.length));
        assertEquals(PIPELINED_EVENTS, decode(100, 1000, fragments), "split at " + a + "/" + b);
      }
    }
  }

  @Test
  void pipelinedSessionByteByByte() {
    byte[] all = ascii(PIPELINED);
    List<byte[]> fragments = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      fragments.add(slice(all, i, i + 1));
    }
    assertEquals(PIPELINED_EVENTS, decode(100, 1000, fragments));
  }

  @Test
  void crAndLfInSeparateReads() {
    assertEquals(List.of("line NOOP", "line RSET"), decode(100, 1000, "NOOP\r", "\nRSET\r", "\n"));
  }

  @Test
  void crlfNotYetCompleteYieldsNothing() {
    assertEquals(List.of(), decode(100, 1000, "NOOP\r"));
  }

  @Test
  void dotAtAFragmentBoundaryInsideData() {
    assertEquals(List.of("line DATA", "message OK a\r\n.b\r\n", "line QUIT"),
        decode(100, 1000, "DATA\r\na\r\n.", ".b\r\n.", "\r\nQUIT\r\n"));
    assertEquals(List.of("line DATA", "message OK a\r\nb\r\n", "line QUIT"),
        decode(100, 1000, "DATA\r\na\r\n.", "b\r\n", ".", "\r", "\n", "QUIT\r\n"));
  }

  @Test
  void smuggledEndOfDataIsNotAnEndAndWhatFollowsIsContent() {
    for (String smuggle : new String[] {"\n.\r\n", "\r\n.\n", "\r.\r", "\n.\n"}) {
      String session = "DATA\r\nfirst" + smuggle + "MAIL FROM:<evil@x.test>\r\nRCPT TO:<v@x.test>\r\n"
          + "DATA\r\nforged\r\n.\r\nQUIT\r\n";
      String verdict = smuggle.equals("\r.\r") ? "BARE_CR" : "BARE_LF";
      assertEquals(List.of("line DATA", "message " + verdict + " ", "line QUIT"),
          decode(100, 1000, session), smuggle);
    }
  }

  @Test
  void commandLinesMayEndInBareLf() {
    assertEquals(List.of("line EHLO typed.example", "line NOOP"), decode(100, 1000, "EHLO typed.example\nNOOP\n"));
  }

  @Test
  void overlongLineIsReportedOnceAndTheSessionGoesOnAtEverySplit() {
    String session = "NOOP\r\n" + "X".repeat(40) + "\r\nRSET\r\n";
    byte[] all = ascii(session);
    for (int a = 0; a <= all.length; a++) {
      List<byte[]> fragments = List.of(slice(all, 0, a), slice(all, a, all.length));
      assertEquals(List.of("line NOOP", "overlong", "line RSET"), decode(16, 1000, fragments), "split at " + a);
    }
  }

  @Test
  void lineExactlyAtTheLimitIsAccepted() {
    assertEquals(List.of("line " + "Y".repeat(16)), decode(16, 1000, "Y".repeat(16) + "\r", "\n"));
    assertEquals(List.of("overlong"), decode(16, 1000, "Y".repeat(17) + "\r\n"));
  }

  @Test
  void oversizedMessageIsReadToItsEndAndTheSessionGoesOn() {
    String session = "DATA\r\n" + "z".repeat(30) + "\r\n.\r\nNOOP\r\n";
    assertEquals(List.of("line DATA", "message TOO_BIG ", "line NOOP"), decode(100, 20, session));
  }

  @Test
  void longMessageInManySmallFragmentsKeepsTheBufferSmall() {
    SmtpInputDecoder decoder = new SmtpInputDecoder(100);
    decoder.startData(1 << 20);
    byte[] line = ascii("0123456789".repeat(7) + "\r\n");
    for (int i = 0; i < 5000; i++) {
      decoder.feed(line, 0, line.length);
      assertEquals(null, decoder.nextMessage());
    }
    byte[] end = ascii(".\r\n");
    decoder.feed(end, 0, end.length);
    ReceivedData data = decoder.nextMessage();
    assertEquals(DataVerdict.OK, data.verdict());
    assertEquals(5000L * line.length, data.content().length);
  }

  @Test
  void bdatChunksAreReadByLengthAtEverySplit() {
    String session = "BDAT 5\r\n.\r\nMA" + "BDAT 0\r\n" + "BDAT 3 LAST\r\nX\r\n" + "QUIT\r\n";
    List<String> expected = List.of("line BDAT 5", "chunk .\r\nMA", "line BDAT 0", "chunk ",
        "line BDAT 3 LAST", "chunk X\r\n", "line QUIT");
    byte[] all = ascii(session);
    for (int a = 0; a <= all.length; a++) {
      for (int b = a; b <= all.length; b++) {
        List<byte[]> fragments = List.of(slice(all, 0, a), slice(all, a, b), slice(all, b, all.length));
        assertEquals(expected, decode(100, 1000, fragments), "split at " + a + "/" + b);
      }
    }
  }

  @Test
  void discardPendingDropsEverythingPipelinedBehind() {
    SmtpInputDecoder decoder = new SmtpInputDecoder(100);
    byte[] bytes = ascii("STARTTLS\r\nMAIL FROM:<evil@x.test>\r\nRCPT TO:<v@x.test>\r\npartial");
    decoder.feed(bytes, 0, bytes.length);
    assertEquals("STARTTLS", decoder.nextLine().text());
    assertEquals(bytes.length - "STARTTLS\r\n".length(), decoder.discardPending());
    assertEquals(null, decoder.nextLine());
    byte[] after = ascii("EHLO tls.example\r\n");
    decoder.feed(after, 0, after.length);
    assertEquals("EHLO tls.example", decoder.nextLine().text());
  }

  private static List<String> decode(int maxLine, long sizeLimit, String... fragments) {
    List<byte[]> bytes = new ArrayList<>();
    for (String f : fragments) {
      bytes.add(ascii(f));
    }
    return decode(maxLine, sizeLimit, bytes);
  }

  /**
   * Plays the server side: feeds each fragment, drains events, starts DATA mode after "DATA" and
   * chunk mode after "BDAT n".
   */
  private static List<String> decode(int maxLine, long sizeLimit, List<byte[]> fragments) {
    SmtpInputDecoder decoder = new SmtpInputDecoder(maxLine);
    List<String> events = new ArrayList<>();
    StringBuilder chunk = new StringBuilder();
    for (byte[] fragment : fragments) {
      decoder.feed(fragment, 0, fragment.length);
      while (true) {
        if (decoder.readingChunk()) {
          if (!decoder.nextChunkBytes(
              (data, offset, count) -> chunk.append(new String(data, offset, count, StandardCharsets.ISO_8859_1)))) {
            break;
          }
          events.add("chunk " + chunk);
          chunk.setLength(0);
        } else if (decoder.readingData()) {
          ReceivedData data = decoder.nextMessage();
          if (data == null) {
            break;
          }
          events.add("message " + data.verdict() + " "
              + new String(data.content(), StandardCharsets.ISO_8859_1));
        } else {
          InputLine line = decoder.nextLine();
          if (line == null) {
            break;
          }
          events.add(line.tooLong() ? "overlong" : "line " + line.text());
          if (line.text().equals("DATA")) {
            decoder.startData(sizeLimit);
          } else if (line.text().startsWith("BDAT ")) {
            decoder.startChunk(Long.parseLong(line.text().split(" ")[1]));
          }
        }
      }
    }
    return events;
  }

  private static byte[] slice(byte[] all, int from, int to) {
    byte[] part = new byte[to - from];
    System.arraycopy(all, from, part, 0, part.length);
    return part;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
