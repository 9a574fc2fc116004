package io.postfleet.queuemanager.queue;

import io.postfleet.smtp.message.HeaderScan;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The header section of a message as the queue API shows it: the bytes up to where the one
 * {@link HeaderScan} ends it (the empty line, RFC 5322 §2.1), at most {@link #LIMIT} of them, so
 * that a message with a huge header cannot bloat the queue tables.
 */
public record HeaderSection(String text, boolean truncated) {
  /** 64 KiB: far beyond any header section mail normally carries. */
  public static final int LIMIT = 64 * 1024;

  public static HeaderSection of(byte[] content) {
    int end = HeaderScan.of(content).end();
    boolean truncated = end > LIMIT;
    int length = Math.min(end, LIMIT);
    while (truncated && length > 0 && (content[length] & 0xC0) == 0x80) {
      length--; // never cut a UTF-8 sequence in two: the rest would read as Latin-1
    }
    return new HeaderSection(decode(content, length), truncated);
  }

  /**
   * UTF-8 when the bytes are valid UTF-8 (RFC 6532 allows it in headers), ISO-8859-1 otherwise so
   * that stray 8-bit bytes still show as one character each; NUL cannot be stored in PostgreSQL text.
   */
  private static String decode(byte[] content, int length) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content, 0, length)).toString();
    } catch (CharacterCodingException e) {
      text = new String(content, 0, length, StandardCharsets.ISO_8859_1);
    }
    return text.replace('\0', ' ');
  }
}
