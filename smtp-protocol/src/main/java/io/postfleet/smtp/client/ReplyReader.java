package io.postfleet.smtp.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies from a server, single-line ({@code 250 Ok}) or multi-line ({@code 250-a},
 * {@code 250 b}), however the bytes are split across reads of the socket. It keeps its own buffer,
 * so bytes the server sent ahead (a pipelined reply) wait for the next {@link #read()}.
 */
public final class ReplyReader {
  /**
   * RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers send longer ones, so we allow
   * more, but not without bound.
   */
  static final int MAX_LINE_BYTES = 8192;
  /** An EHLO reply has a line per extension; no honest server needs more than this. */
  static final int MAX_LINES = 256;

  private final InputStream in;
  private final byte[] buffer = new byte[MAX_LINE_BYTES + 2];
  private int start;
  private int end;

  public ReplyReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads one complete reply.
   *
   * @throws EOFException if the server closed the connection before the reply was complete
   * @throws MalformedReplyException if what arrived is not an SMTP reply
   */
  public RemoteReply read() throws IOException {
    List<String> lines = new ArrayList<>(1);
    int code = -1;
    while (true) {
      String line = readLine();
      int lineCode = codeOf(line);
      if (code == -1) {
        code = lineCode;
      } else if (lineCode != code) {
        throw new MalformedReplyException("reply code changed from " + code + " to " + lineCode
            + " inside a multi-line reply");
      }
      lines.add(line);
      // "ddd-" continues the reply; "ddd SP" or a bare "ddd" ends it (RFC 5321 §4.2.1).
      if (line.length() == 3 || line.charAt(3) == ' ') {
        return RemoteReply.of(code, lines);
      }
      if (lines.size() == MAX_LINES) {
        throw new MalformedReplyException("reply has more than " + MAX_LINES + " lines");
      }
    }
  }

  private static int codeOf(String line) throws MalformedReplyException {
    boolean digits = line.length() >= 3
        && line.charAt(0) >= '2' && line.charAt(0) <= '5'
        && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2));
    boolean separator = line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-';
    if (!digits || !separator) {
      throw new MalformedReplyException("not an SMTP reply line: " + abbreviate(line));
    }
    return Integer.parseInt(line.substring(0, 3));
  }

  /** One line without its CRLF; a bare LF is accepted as a line end, as Postfix's smtp does. */
  private String readLine() throws IOException {
    int checked = 0; // bytes after start already known to hold no LF; fill() may move start
    while (true) {
      for (int i = start + checked; i < end; i++) {
        if (buffer[i] == '\n') {
          int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
          String line = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
          start = i + 1;
          return line;
        }
      }
      checked = end - start;
      fill();
    }
  }

  private void fill() throws IOException {
    if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buffer.length) {
      throw new MalformedReplyException("reply line longer than " + MAX_LINE_BYTES + " bytes");
    }
    int n = in.read(buffer, end, buffer.length - end);
    if (n == -1) {
      throw new EOFException("connection closed by the server");
    }
    end += n;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
