package io.postfleet.smtp.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyReaderTest {

  @Test
  void chunksAreJoinedAndCrlfMaySpanTwoChunks() {
    ChunkedBodyReader reader = new ChunkedBodyReader(1000, false);
    feed(reader, "Subject: a\r", "\nbody\r\n", "", "end\r\n");
    ReceivedData data = reader.finish();
    assertEquals(DataVerdict.OK, data.verdict());
    assertEquals("Subject: a\r\nbody\r\nend\r\n", text(data));
    assertEquals(23, data.size());
  }

  @Test
  void dotsAreContentNotStuffingOrEndMarks() {
    ChunkedBodyReader reader = new ChunkedBodyReader(1000, false);
    feed(reader, "a\r\n.\r\n..b\r\n");
    assertEquals("a\r\n.\r\n..b\r\n", text(reader.finish()));
  }

  @Test
  void bareLineEndsAreRefusedUnlessBinary() {
    assertEquals(DataVerdict.BARE_LF, verdict(false, "a\n.\r\n"));
    assertEquals(DataVerdict.BARE_LF, verdict(false, "a\r\n", "\nb\r\n"));
    assertEquals(DataVerdict.BARE_CR, verdict(false, "a\r", "b\r\n"));
    assertEquals(DataVerdict.BARE_CR, verdict(false, "a\r\nb\r"));
    assertEquals(DataVerdict.OK, verdict(true, "a\n\r\0\r", "b\r"));
  }

  @Test
  void contentOverTheLimitIsCountedAndDropped() {
    ChunkedBodyReader reader = new ChunkedBodyReader(10, false);
    feed(reader, "0123456789", "\r\n");
    ReceivedData data = reader.finish();
    assertEquals(DataVerdict.TOO_BIG, data.verdict());
    assertEquals(12, data.size());
    assertEquals(0, data.content().length);
  }

  private static DataVerdict verdict(boolean binary, String... chunks) {
    ChunkedBodyReader reader = new ChunkedBodyReader(1000, binary);
    feed(reader, chunks);
    return reader.finish().verdict();
  }

  private static void feed(ChunkedBodyReader reader, String... chunks) {
    for (String chunk : chunks) {
      byte[] bytes = chunk.getBytes(StandardCharsets.ISO_8859_1);
      reader.accept(bytes, 0, bytes.length);
    }
  }

  private static String text(ReceivedData data) {
    return new String(data.content(), StandardCharsets.ISO_8859_1);
  }
}
