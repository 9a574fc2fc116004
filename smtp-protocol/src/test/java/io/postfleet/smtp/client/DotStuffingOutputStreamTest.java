package io.postfleet.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DotStuffingOutputStreamTest {

  @Test
  void linesStartingWithADotGetAnotherOne() throws IOException {
    assertEquals("..hidden\r\nplain.dot\r\n...\r\n..\r\n.\r\n",
        stuff(".hidden\r\nplain.dot\r\n..\r\n.\r\n"));
  }

  @Test
  void contentWithoutFinalCrlfGetsOneBeforeTheDot() throws IOException {
    assertEquals("Subject: x\r\n\r\nno newline\r\n.\r\n", stuff("Subject: x\r\n\r\nno newline"));
    assertEquals("ends with cr\r\r\n.\r\n", stuff("ends with cr\r"));
  }

  @Test
  void emptyContentIsJustTheDot() throws IOException {
    assertEquals(".\r\n", stuff(""));
  }

  @Test
  void dotAfterABareLfIsStuffedSoItCannotEndTheData() throws IOException {
    // Without stuffing, "\n.\r\n" would end the data early at a receiver that accepts bare LF.
    assertEquals("a\n..\r\nb\r\n.\r\n", stuff("a\n.\r\nb\r\n"));
    assertEquals("bare lf end\n\r\n.\r\n", stuff("bare lf end\n"));
  }

  @Test
  void everySplitOfTheContentStuffsTheSame() throws IOException {
    String content = ".a\r\n..b\r\nc.\r\n.\r\n\r\n.d";
    String expected = stuff(content);
    assertEquals("..a\r\n...b\r\nc.\r\n..\r\n\r\n..d\r\n.\r\n", expected);
    byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
    for (int cut = 0; cut <= bytes.length; cut++) {
      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
      out.write(bytes, 0, cut);
      out.write(bytes, cut, bytes.length - cut);
      out.finish();
      assertEquals(expected, sink.toString(StandardCharsets.US_ASCII), "cut at " + cut);
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    for (byte b : bytes) {
      out.write(b);
    }
    out.finish();
    assertEquals(expected, sink.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void crlfSplitAcrossWritesStillCountsAsTheEnd() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    out.write("line\r".getBytes(StandardCharsets.US_ASCII));
    out.write('\n');
    out.finish();

    assertEquals("line\r\n.\r\n", sink.toString(StandardCharsets.US_ASCII));
  }

  private static String stuff(String content) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DotStuffingOutputStream out = new DotStuffingOutputStream(sink);
    out.write(content.getBytes(StandardCharsets.US_ASCII));
    out.finish();
    return sink.toString(StandardCharsets.US_ASCII);
  }
}
