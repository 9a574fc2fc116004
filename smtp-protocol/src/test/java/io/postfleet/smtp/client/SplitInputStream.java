package io.postfleet.smtp.client;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** Hands out given byte chunks, one per read call, as a socket does when data arrives in pieces. */
final class SplitInputStream extends InputStream {
  private final Deque<byte[]> chunks = new ArrayDeque<>();

  /** Splits {@code bytes} at the given offsets (ascending). */
  static SplitInputStream at(byte[] bytes, int... cuts) {
    SplitInputStream in = new SplitInputStream();
    int from = 0;
    for (int cut : cuts) {
      in.chunks.add(Arrays.copyOfRange(bytes, from, cut));
      from = cut;
    }
    in.chunks.add(Arrays.copyOfRange(bytes, from, bytes.length));
    return in;
  }

  /** One byte per read. */
  static SplitInputStream byteByByte(byte[] bytes) {
    SplitInputStream in = new SplitInputStream();
    for (byte b : bytes) {
      in.chunks.add(new byte[] {b});
    }
    return in;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    while (!chunks.isEmpty() && chunks.peek().length == 0) {
      chunks.poll();
    }
    if (chunks.isEmpty()) {
      return -1;
    }
    byte[] chunk = chunks.poll();
    int n = Math.min(len, chunk.length);
    System.arraycopy(chunk, 0, b, off, n);
    if (n < chunk.length) {
      chunks.push(Arrays.copyOfRange(chunk, n, chunk.length));
    }
    return n;
  }
}
