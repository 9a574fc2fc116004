package io.postfleet.smtp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {
  private static final String EHLO = "250-mx.outside.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n";

  @Test
  void singleLineWithEnhancedCode() throws IOException {
    RemoteReply reply = read("250 2.1.5 Ok\r\n");

    assertEquals(250, reply.code());
    assertEquals("2.1.5", reply.enhancedCode());
    assertEquals(List.of("Ok"), reply.textLines());
    assertEquals("250 2.1.5 Ok", reply.toString());
    assertTrue(reply.isPositive());
  }

  @Test
  void multiLineReplyIsOneReply() throws IOException {
    RemoteReply reply = read(EHLO);

    assertEquals(250, reply.code());
    assertEquals("", reply.enhancedCode());
    assertEquals(List.of("mx.outside.test", "PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES"),
        reply.textLines());
  }

  @Test
  void multiLineRejectionKeepsEveryLineForTheLog() throws IOException {
    RemoteReply reply = read("550-5.1.1 The account does not exist.\r\n550 5.1.1 See the help page.\r\n");

    assertEquals("5.1.1", reply.enhancedCode());
    assertTrue(reply.isPermanent());
    assertEquals(List.of("The account does not exist.", "See the help page."), reply.textLines());
    assertEquals("550-5.1.1 The account does not exist. 550 5.1.1 See the help page.", reply.toString());
  }

  @Test
  void enhancedCodeWhoseClassContradictsTheReplyIsIgnored() throws IOException {
    assertEquals("", read("451 5.7.1 confused server\r\n").enhancedCode());
    assertEquals("", read("250 2.0.0x not a code\r\n").enhancedCode());
    assertEquals("4.7.100", read("421 4.7.100 Try later\r\n").enhancedCode());
  }

  @Test
  void bareCodeAndBareLfAreAccepted() throws IOException {
    RemoteReply reply = read("354\n");

    assertEquals(354, reply.code());
    assertTrue(reply.isIntermediate());
    assertEquals(List.of(""), reply.textLines());
  }

  @Test
  void everySplitOfAMultiLineReplyReadsTheSame() throws IOException {
    byte[] bytes = bytes(EHLO);
    RemoteReply whole = read(EHLO);
    for (int cut = 1; cut < bytes.length; cut++) {
      assertEquals(whole, new ReplyReader(SplitInputStream.at(bytes, cut)).read(), "cut at " + cut);
    }
    for (int a = 1; a < bytes.length; a += 3) {
      for (int b = a + 1; b < bytes.length; b += 2) {
        assertEquals(whole, new ReplyReader(SplitInputStream.at(bytes, a, b)).read(), a + "/" + b);
      }
    }
    assertEquals(whole, new ReplyReader(SplitInputStream.byteByByte(bytes)).read());
  }

  @Test
  void crAndLfInSeparateReads() throws IOException {
    byte[] bytes = bytes("220 mx ESMTP\r\n250 2.0.0 Ok\r\n");
    ReplyReader reader = new ReplyReader(SplitInputStream.at(bytes, 13, 14, 27));

    assertEquals("220 mx ESMTP", reader.read().toString());
    assertEquals("250 2.0.0 Ok", reader.read().toString());
  }

  @Test
  void pipelinedRepliesInOneReadComeOutOneByOne() throws IOException {
    ReplyReader reader = new ReplyReader(new ByteArrayInputStream(
        bytes("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n354 go ahead\r\n")));

    assertEquals(250, reader.read().code());
    assertEquals("2.1.5", reader.read().enhancedCode());
    assertEquals(550, reader.read().code());
    assertEquals(354, reader.read().code());
  }

  @Test
  void connectionClosedMidReplyIsEof() {
    assertThrows(EOFException.class, () -> read("250-first line\r\n250 sec"));
    assertThrows(EOFException.class, () -> read(""));
  }

  @Test
  void garbageIsMalformed() {
    assertThrows(MalformedReplyException.class, () -> read("HTTP/1.1 400 Bad Request\r\n"));
    assertThrows(MalformedReplyException.class, () -> read("25 short\r\n"));
    assertThrows(MalformedReplyException.class, () -> read("250x\r\n"));
    assertThrows(MalformedReplyException.class, () -> read("650 no such class\r\n"));
    assertThrows(MalformedReplyException.class, () -> read("250-a\r\n251 b\r\n"));
  }

  @Test
  void endlessLinesAndEndlessRepliesAreRefused() {
    String longLine = "250 " + "x".repeat(ReplyReader.MAX_LINE_BYTES) + "\r\n";
    assertThrows(MalformedReplyException.class, () -> read(longLine));
    String manyLines = "250-x\r\n".repeat(ReplyReader.MAX_LINES) + "250 x\r\n";
    assertThrows(MalformedReplyException.class, () -> read(manyLines));
    assertFalse(read250Lines(ReplyReader.MAX_LINES - 1).isEmpty());
  }

  private static List<String> read250Lines(int continuation) {
    try {
      return read("250-x\r\n".repeat(continuation) + "250 x\r\n").lines();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static RemoteReply read(String text) throws IOException {
    return new ReplyReader(new ByteArrayInputStream(bytes(text))).read();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
