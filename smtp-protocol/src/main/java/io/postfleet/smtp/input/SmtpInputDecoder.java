package io.postfleet.smtp.input;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of an SMTP session, fed as they come off the socket in fragments of any size,
 * into command lines and DATA contents. The caller drives it: after feeding, it takes lines with
 * {@link #nextLine()} until none is complete; when it accepts DATA it calls {@link #startData} and
 * takes the content with {@link #nextMessage()}; for BDAT (RFC 3030) it calls {@link #startChunk}
 * and takes the chunk's octets with {@link #nextChunkBytes}. Bytes the client pipelined (RFC 2920)
 * behind a command, a DATA body or a chunk included, stay buffered until asked for, so no fragment
 * boundary matters.
 *
 * <p>Command lines end in LF, with the CR before it removed. RFC 5321 §2.3.8 wants CRLF; accepting
 * a bare LF at the end of a command is Postfix's leniency for hand-typed sessions, and is safe
 * because commands are consumed here and never passed on. Message content gets no such leniency
 * (see {@link DataBodyReader}). A command line longer than the limit (Postfix's
 * {@code line_length_limit}, 2048) is discarded up to its end and reported as overlong.
 */
public final class SmtpInputDecoder {
  private static final byte CR = '\r';
  private static final byte LF = '\n';

  private final int maxLineLength;
  private byte[] buffer = new byte[8 * 1024];
  private int head;
  private int tail;
  private boolean skippingOverlong;
  private DataBodyReader data;
  /** Octets of the current BDAT chunk still to be handed over; -1 when not reading a chunk. */
  private long chunkRemaining = -1;

  /** @param maxLineLength the longest command line accepted, without its line end */
  public SmtpInputDecoder(int maxLineLength) {
    if (maxLineLength < 1) {
      throw new IllegalArgumentException("line length limit must be positive");
    }
    this.maxLineLength = maxLineLength;
  }

  public void feed(byte[] bytes, int offset, int length) {
    ensureRoom(length);
    System.arraycopy(bytes, offset, buffer, tail, length);
    tail += length;
  }

  /** The next complete command line, or null when more input is needed. */
  public InputLine nextLine() {
    if (data != null || chunkRemaining >= 0) {
      throw new IllegalStateException("reading content, not commands");
    }
    int lf = indexOfLineFeed();
    if (skippingOverlong) {
      if (lf < 0) {
        head = tail = 0;
        return null;
      }
      head = lf + 1;
      skippingOverlong = false;
      return InputLine.overlong();
    }
    if (lf < 0) {
      // One byte of slack: the CR of a CRLF may have arrived without its LF.
      if (tail - head > maxLineLength + 1) {
        skippingOverlong = true;
        head = tail = 0;
      }
      return null;
    }
    int end = lf > head && buffer[lf - 1] == CR ? lf - 1 : lf;
    int length = end - head;
    String text = length > maxLineLength
        ? null
        : new String(buffer, head, length, StandardCharsets.ISO_8859_1);
    head = lf + 1;
    compactIfEmpty();
    return text == null ? InputLine.overlong() : InputLine.of(text);
  }

  /** Switches to reading message content, as after the 354 reply to DATA. */
  public void startData(long sizeLimit) {
    if (data != null) {
      throw new IllegalStateException("already reading DATA content");
    }
    data = new DataBodyReader(sizeLimit);
  }

  public boolean readingData() {
    return data != null;
  }

  /** Switches to reading {@code size} octets of a BDAT chunk, whatever they are. */
  public void startChunk(long size) {
    if (data != null || chunkRemaining >= 0) {
      throw new IllegalStateException("already reading content");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative chunk size");
    }
    chunkRemaining = size;
  }

  public boolean readingChunk() {
    return chunkRemaining >= 0;
  }

  /**
   * Hands the buffered octets of the chunk, up to its end, to {@code sink}. Returns true once the
   * whole chunk has been handed over; the decoder then reads commands again.
   */
  public boolean nextChunkBytes(ChunkSink sink) {
    if (chunkRemaining < 0) {
      throw new IllegalStateException("not reading a chunk");
    }
    int count = (int) Math.min(chunkRemaining, tail - head);
    if (count > 0) {
      sink.accept(buffer, head, count);
      head += count;
      chunkRemaining -= count;
      compactIfEmpty();
    }
    if (chunkRemaining > 0) {
      return false;
    }
    chunkRemaining = -1;
    return true;
  }

  /**
   * Drops every byte received and not yet used. After STARTTLS this is the defence against
   * CVE-2011-0411: commands a client (or a man in the middle) pipelined behind STARTTLS in
   * plaintext must never be taken as if they had come inside the TLS session (RFC 3207 §4.2).
   *
   * @return how many bytes were dropped
   */
  public int discardPending() {
    int dropped = tail - head;
    head = tail = 0;
    skippingOverlong = false;
    return dropped;
  }

  /**
   * The content once {@code CRLF.CRLF} has arrived, or null when more input is needed. After a
   * non-null answer the decoder reads commands again, starting with any bytes behind the end mark.
   */
  public ReceivedData nextMessage() {
    if (data == null) {
      throw new IllegalStateException("not reading DATA content");
    }
    head += data.consume(buffer, head, tail - head);
    compactIfEmpty();
    if (!data.finished()) {
      return null;
    }
    ReceivedData result = data.result();
    data = null;
    return result;
  }

  private int indexOfLineFeed() {
    for (int i = head; i < tail; i++) {
      if (buffer[i] == LF) {
        return i;
      }
    }
    return -1;
  }

  private void compactIfEmpty() {
    if (head == tail) {
      head = tail = 0;
    }
  }

  private void ensureRoom(int length) {
    if (tail + length <= buffer.length) {
      return;
    }
    int pending = tail - head;
    byte[] target = pending + length <= buffer.length
        ? buffer
        : new byte[Math.max(buffer.length * 2, pending + length)];
    System.arraycopy(buffer, head, target, 0, pending);
    buffer = target;
    head = 0;
    tail = pending;
  }
}
