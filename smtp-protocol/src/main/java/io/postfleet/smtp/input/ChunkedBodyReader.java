package io.postfleet.smtp.input;

import java.util.Arrays;

/**
 * Collects the chunks of one message sent with BDAT (RFC 3030 §2) into its content. A chunk is
 * delimited by its length, so there is no dot-stuffing and no end marker to smuggle a second
 * message behind. Still, unless the body is BINARYMIME, bare CR and bare LF are refused as they are
 * after DATA: the message may leave us through DATA to a server that would read {@code LF.CRLF}
 * as the end of data (CVE-2023-51764), and what we refuse after DATA we refuse here too. Line ends
 * may be split across chunks; a CR at the end of one chunk and its LF at the start of the next
 * are one CRLF.
 *
 * <p>Content beyond the size limit is counted and dropped, as after DATA, so the 552 comes after
 * the last chunk with the session still in step (RFC 3030 §4).
 */
public final class ChunkedBodyReader implements ChunkSink {
  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final long sizeLimit;
  private final boolean binary;
  private byte[] content = new byte[8 * 1024];
  private int length;
  private long size;
  private boolean afterCr;
  private DataVerdict fault = DataVerdict.OK;

  /**
   * @param sizeLimit the most content octets to accept
   * @param binary whether the body was declared BINARYMIME, where any octet is content
   */
  public ChunkedBodyReader(long sizeLimit, boolean binary) {
    this.sizeLimit = sizeLimit;
    this.binary = binary;
  }

  @Override
  public void accept(byte[] data, int offset, int count) {
    if (!binary) {
      checkLineEnds(data, offset, count);
    }
    size += count;
    if (fault != DataVerdict.OK || size > sizeLimit) {
      content = new byte[0];
      length = 0;
      return;
    }
    if (length + count > content.length) {
      long grown = Math.max((long) content.length * 2, (long) length + count);
      content = Arrays.copyOf(content, (int) Math.min(Math.min(grown, sizeLimit), MAX_ARRAY));
    }
    System.arraycopy(data, offset, content, length, count);
    length += count;
  }

  /** The outcome once the last chunk is in. */
  public ReceivedData finish() {
    if (afterCr && !binary) {
      noteFault(DataVerdict.BARE_CR);
    }
    DataVerdict verdict = fault != DataVerdict.OK
        ? fault
        : size > sizeLimit ? DataVerdict.TOO_BIG : DataVerdict.OK;
    byte[] kept = verdict == DataVerdict.OK ? Arrays.copyOf(content, length) : new byte[0];
    return new ReceivedData(kept, size, verdict);
  }

  private void checkLineEnds(byte[] data, int offset, int count) {
    for (int i = offset; i < offset + count && fault == DataVerdict.OK; i++) {
      byte b = data[i];
      if (afterCr && b != LF) {
        noteFault(DataVerdict.BARE_CR);
      } else if (!afterCr && b == LF) {
        noteFault(DataVerdict.BARE_LF);
      }
      afterCr = b == CR;
    }
  }

  private void noteFault(DataVerdict verdict) {
    if (fault == DataVerdict.OK) {
      fault = verdict;
    }
  }
}
