package io.postfleet.smtp.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a message as it arrived (RFC 5322 §2.2), found without copying it: each
 * field's name and unfolded value, and where the section ends. A line that starts with a space or
 * a tab continues the field before it (§2.2.3). The section ends at the first empty line, or at
 * the first line that is neither a field nor a continuation, which Postfix's cleanup also takes
 * as the first line of the body; a message may have no body at all (§3.5). Lines end in CRLF, a
 * bare LF is taken as a line end too (smtp-ingress refuses it in DATA, but content made elsewhere
 * may carry one), and nowhere else: a bare CR is part of the line. Values are read as UTF-8
 * (RFC 6532), never re-encoded.
 *
 * <p>This is the one place that decides where a header section ends: the DKIM signer and
 * verifier, DMARC's From:, the missing-header fixer, the loop checks and the queue API all read it
 * here, so they can never disagree about which line is the first of the body.
 */
public final class HeaderScan {
  private final List<Field> fields;
  private final int end;
  private final int bodyStart;
  private final boolean lineOpen;

  private HeaderScan(List<Field> fields, int end, int bodyStart, boolean lineOpen) {
    this.fields = List.copyOf(fields);
    this.end = end;
    this.bodyStart = bodyStart;
    this.lineOpen = lineOpen;
  }

  /**
   * One header field: its name as written, its value with the folding line breaks removed, and
   * where it stands in the message: from the first octet of its name to the end of its last line,
   * that line's break excluded.
   */
  public record Field(String name, String value, int start, int end) {
    public boolean is(String other) {
      return name.equalsIgnoreCase(other);
    }

    /**
     * The field as written, folding kept, every line break in it written CRLF (what DKIM signs
     * and verifies: RFC 6376 §5.3 has a bare LF converted to CRLF first), decoded with
     * {@code charset}.
     */
    public String folded(byte[] message, Charset charset) {
      StringBuilder out = new StringBuilder(end - start);
      int lineStart = start;
      while (true) {
        int lf = indexOf(message, (byte) '\n', lineStart);
        if (lf < 0 || lf >= end) {
          return out.append(new String(message, lineStart, end - lineStart, charset)).toString();
        }
        int lineEnd = lf > lineStart && message[lf - 1] == '\r' ? lf - 1 : lf;
        out.append(new String(message, lineStart, lineEnd - lineStart, charset)).append("\r\n");
        lineStart = lf + 1;
      }
    }
  }

  public static HeaderScan of(byte[] message) {
    List<Field> fields = new ArrayList<>();
    int lineStart = 0;
    while (lineStart < message.length) {
      int lf = indexOf(message, (byte) '\n', lineStart);
      int next = lf < 0 ? message.length : lf + 1;
      int lineEnd = lf < 0 ? message.length : (lf > lineStart && message[lf - 1] == '\r' ? lf - 1 : lf);
      if (lineEnd == lineStart && lf >= 0) {
        return new HeaderScan(fields, lineStart, next, false);
      }
      byte first = message[lineStart];
      if ((first == ' ' || first == '\t') && !fields.isEmpty()) {
        Field last = fields.remove(fields.size() - 1);
        fields.add(new Field(last.name(), last.value() + text(message, lineStart, lineEnd), last.start(), lineEnd));
      } else {
        int colon = fieldNameEnd(message, lineStart, lineEnd);
        if (colon < 0) {
          return new HeaderScan(fields, lineStart, lineStart, false);
        }
        fields.add(new Field(text(message, lineStart, colon).strip(), text(message, colon + 1, lineEnd).strip(),
            lineStart, lineEnd));
      }
      lineStart = next;
      if (lf < 0) {
        return new HeaderScan(fields, message.length, message.length, true);
      }
    }
    return new HeaderScan(fields, message.length, message.length, false);
  }

  public List<Field> fields() {
    return fields;
  }

  /**
   * The offset where the header section ends: of the empty line, of the first body line, or the
   * message's length when it has no body. Fields inserted here come after every existing one.
   */
  public int end() {
    return end;
  }

  /** Whether an empty line separates the header section from a body that follows. */
  public boolean separated() {
    return bodyStart > end;
  }

  /**
   * The offset of the body's first octet: after the empty line (CRLF or bare LF) when there is
   * one, else {@link #end()}. What DKIM's body hash covers (RFC 6376 §3.7).
   */
  public int bodyStart() {
    return bodyStart;
  }

  /** Whether the last field runs to the end of the message without a line break. */
  public boolean lineOpen() {
    return lineOpen;
  }

  /** Whether a field of that name (case-insensitive, §1.2.2) is present. */
  public boolean has(String name) {
    return fields.stream().anyMatch(f -> f.is(name));
  }

  /** The unfolded values of every field of that name, top to bottom. */
  public List<String> values(String name) {
    return fields.stream().filter(f -> f.is(name)).map(Field::value).toList();
  }

  /**
   * The hop count Postfix's cleanup compares with hopcount_limit: the Received: and Delivered-To:
   * fields, each added by one MTA or one local delivery on the way (RFC 5321 §6.3).
   */
  public int hops() {
    return (int) fields.stream().filter(f -> f.is("Received") || f.is("Delivered-To")).count();
  }

  /** Whether a Delivered-To: field names this address, compared as Postfix's local(8) does, case-folded. */
  public boolean deliveredTo(String address) {
    String wanted = address.toLowerCase(Locale.ROOT);
    return values("Delivered-To").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(wanted));
  }

  /** The colon after a field name of printable characters but colon (RFC 5322 §3.6.8 ftext), or -1. */
  private static int fieldNameEnd(byte[] message, int from, int to) {
    boolean spaced = false;
    for (int i = from; i < to; i++) {
      int b = message[i] & 0xff;
      if (b == ':') {
        return i == from ? -1 : i;
      }
      if (b == ' ' || b == '\t') {
        // As Postfix's is_header(): white space may only stand between the name and the colon
        // (obs-optional, RFC 5322 §4.5.8), so "mail from info to root." is body text.
        spaced = true;
      } else if (spaced || b < 33 || b > 126) {
        return -1;
      }
    }
    return -1;
  }

  private static String text(byte[] message, int from, int to) {
    return new String(message, from, to - from, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] message, byte wanted, int from) {
    for (int i = from; i < message.length; i++) {
      if (message[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
