package io.postfleet.smtp.client;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content for the DATA phase: a line that starts with a dot gets a second one
 * (RFC 5321 §4.5.2), and {@link #finish()} ends the content with {@code CRLF.CRLF}, adding the CRLF
 * first if the content does not already end with one. Content bytes are otherwise passed on
 * untouched.
 *
 * <p>A dot is doubled after every LF, not only after CRLF: a receiver that takes a bare LF as a line
 * end must not be able to read {@code LF.CRLF} as the end of the data (the "SMTP smuggling" trick).
 */
public final class DotStuffingOutputStream extends FilterOutputStream {
  private static final byte[] CRLF_DOT_CRLF = {'\r', '\n', '.', '\r', '\n'};

  private boolean atLineStart = true;
  private int last = -1;
  private int beforeLast = -1;

  /** @param out the connection's stream; {@link #finish()} flushes it but never closes it */
  public DotStuffingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    if (atLineStart && b == '.') {
      out.write('.');
    }
    out.write(b);
    atLineStart = b == '\n';
    beforeLast = last;
    last = b & 0xff;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    int runStart = off;
    for (int i = off; i < off + len; i++) {
      if (atLineStart && b[i] == '.') {
        // Everything up to the dot goes out unchanged, then the extra dot; the dot itself starts
        // the next run.
        out.write(b, runStart, i - runStart);
        out.write('.');
        runStart = i;
      }
      atLineStart = b[i] == '\n';
    }
    out.write(b, runStart, off + len - runStart);
    if (len >= 2) {
      beforeLast = b[off + len - 2] & 0xff;
      last = b[off + len - 1] & 0xff;
    } else if (len == 1) {
      beforeLast = last;
      last = b[off] & 0xff;
    }
  }

  /**
   * Ends the DATA phase with {@code .CRLF}, preceded by a CRLF if the content did not end with one
   * (empty content needs none), and flushes.
   */
  public void finish() throws IOException {
    boolean endsWithCrlf = beforeLast == '\r' && last == '\n';
    boolean empty = last == -1;
    if (endsWithCrlf || empty) {
      out.write(CRLF_DOT_CRLF, 2, 3);
    } else {
      out.write(CRLF_DOT_CRLF);
    }
    out.flush();
  }

  /** Flushes but leaves the connection open: QUIT still has to go over it. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
