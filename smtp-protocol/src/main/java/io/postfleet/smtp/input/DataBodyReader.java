package io.postfleet.smtp.input;

import java.util.Arrays;

/**
 * Reads message content after DATA (RFC 5321 §4.1.1.4) from fragments of any size, up to and
 * including the end-of-data line, removing dot-stuffing (§4.5.2).
 *
 * <p>Only {@code CRLF.CRLF} ends the content. A bare LF or bare CR never ends a line here, so
 * {@code LF.CRLF}, {@code CRLF.LF} or {@code CR.CR} cannot end DATA early: that disagreement
 * between servers is what SMTP smuggling (CVE-2023-51764) exploits. A message that contains a bare
 * LF or CR is read to its real end and then refused. Postfix 3.9's default
 * ({@code smtpd_forbid_bare_newline = normalize}) would instead rewrite such line ends to CRLF; we
 * take its stricter {@code reject} setting because Postfleet hands the received bytes on without
 * re-encoding them (a rewrite would also break DKIM body hashes), RFC 5321 §2.3.8 forbids bare CR
 * and LF in content so a conforming client never sends them, and refusing leaves no ambiguity for
 * the servers downstream that receive the message from us.
 *
 * <p>Content beyond the size limit is counted and discarded, so the session stays in step with the
 * client and can answer 552 after the end of data (RFC 1870 §6.3).
 */
public final class DataBodyReader {
  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DOT = '.';
  private static final int INITIAL_CAPACITY = 8 * 1024;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private enum State {
    /** After CRLF, or at the very start: a dot here is either stuffing or the end marker. */
    LINE_START,
    /** A dot at the start of a line, not kept yet. */
    DOT,
    /** {@code CRLF.CR}: one LF more and DATA is over. */
    DOT_CR,
    /** Inside a line. */
    TEXT,
    /** A CR inside a line, not kept until we know whether LF follows. */
    CR
  }

  private final long sizeLimit;
  private byte[] content = new byte[INITIAL_CAPACITY];
  private int length;
  private long size;
  private DataVerdict fault = DataVerdict.OK;
  private State state = State.LINE_START;
  private boolean finished;

  /** @param sizeLimit the most content bytes to accept; more is read and discarded */
  public DataBodyReader(long sizeLimit) {
    if (sizeLimit < 0) {
      throw new IllegalArgumentException("negative size limit");
    }
    this.sizeLimit = sizeLimit;
  }

  /**
   * Consumes bytes up to the end of data, if it lies in this fragment.
   *
   * @return how many bytes were consumed; fewer than {@code count} only when the end of data was
   *     reached and the rest belongs to the commands that follow
   */
  public int consume(byte[] data, int offset, int count) {
    int i = offset;
    int end = offset + count;
    while (i < end && !finished) {
      if (state == State.TEXT) {
        int stop = i;
        while (stop < end && data[stop] != CR && data[stop] != LF) {
          stop++;
        }
        keep(data, i, stop - i);
        i = stop;
        if (i == end) {
          break;
        }
      }
      step(data[i]);
      i++;
    }
    return i - offset;
  }

  public boolean finished() {
    return finished;
  }

  /** The outcome; only once {@link #finished()} is true. */
  public ReceivedData result() {
    if (!finished) {
      throw new IllegalStateException("end of data not reached");
    }
    DataVerdict verdict = fault != DataVerdict.OK
        ? fault
        : size > sizeLimit ? DataVerdict.TOO_BIG : DataVerdict.OK;
    byte[] kept = verdict == DataVerdict.OK ? Arrays.copyOf(content, length) : new byte[0];
    return new ReceivedData(kept, size, verdict);
  }

  private void step(byte b) {
    switch (state) {
      case LINE_START -> {
        if (b == DOT) {
          state = State.DOT;
        } else {
          text(b);
        }
      }
      case DOT -> {
        if (b == CR) {
          state = State.DOT_CR;
        } else {
          text(b); // the leading dot of a longer line is dropped (§4.5.2)
        }
      }
      case DOT_CR -> {
        if (b == LF) {
          finished = true;
        } else {
          bareCarriageReturn(b);
        }
      }
      case CR -> {
        if (b == LF) {
          keep(CR);
          keep(LF);
          state = State.LINE_START;
        } else {
          bareCarriageReturn(b);
        }
      }
      case TEXT -> text(b);
      default -> throw new IllegalStateException(state.name());
    }
  }

  private void text(byte b) {
    if (b == CR) {
      state = State.CR;
      return;
    }
    if (b == LF) {
      noteFault(DataVerdict.BARE_LF);
    }
    keep(b);
    state = State.TEXT; // after a bare LF too: it does not start a line, so no dot can end DATA
  }

  private void bareCarriageReturn(byte next) {
    noteFault(DataVerdict.BARE_CR);
    keep(CR);
    text(next);
  }

  private void noteFault(DataVerdict verdict) {
    if (fault == DataVerdict.OK) {
      fault = verdict;
      content = new byte[0]; // refused whatever follows: stop holding memory for it
      length = 0;
    }
  }

  private void keep(byte b) {
    size++;
    if (storing()) {
      ensureCapacity(1);
      content[length++] = b;
    }
  }

  private void keep(byte[] data, int offset, int count) {
    size += count;
    if (storing()) {
      ensureCapacity(count);
      System.arraycopy(data, offset, content, length, count);
      length += count;
    }
  }

  private boolean storing() {
    if (fault == DataVerdict.OK && size <= sizeLimit) {
      return true;
    }
    if (length > 0) {
      content = new byte[0];
      length = 0;
    }
    return false;
  }

  private void ensureCapacity(int more) {
    int needed = length + more;
    if (needed > content.length) {
      long grown = Math.max((long) content.length * 2, needed);
      content = Arrays.copyOf(content, (int) Math.min(grown, MAX_ARRAY));
    }
  }
}
