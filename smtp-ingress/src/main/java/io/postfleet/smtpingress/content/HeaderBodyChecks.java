package io.postfleet.smtpingress.content;

import io.postfleet.maps.content.ContentAction;
import io.postfleet.maps.content.ContentCheckKind;
import io.postfleet.maps.content.ContentRules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Postfix's cleanup header_checks, mime_header_checks and body_checks over a received message, one
 * unfolded header field or one body line at a time. Primary header fields go to the header rules,
 * MIME-Version and Content-* fields (there and in every multipart part) to the MIME header rules,
 * body lines (boundaries included) to the body rules until body_checks_size_limit bytes of a
 * segment have been seen. Part headers other than MIME ones are not inspected, as in Postfix.
 * REJECT and DISCARD end the inspection; every other action lets it go on.
 */
public final class HeaderBodyChecks {
  private static final Logger LOG = Logger.getLogger(HeaderBodyChecks.class);
  private static final Pattern BOUNDARY = Pattern.compile("boundary\\s*=\\s*(?:\"([^\"]+)\"|([^\\s;]+))",
      Pattern.CASE_INSENSITIVE);
  private static final byte[] CRLF = {'\r', '\n'};

  private final int bodySizeLimit;

  /** @param bodySizeLimit body_checks_size_limit: bytes of each body segment the body rules see */
  public HeaderBodyChecks(int bodySizeLimit) {
    this.bodySizeLimit = bodySizeLimit;
  }

  public RuleVerdict check(ContentRules rules, byte[] message, String queueId) {
    if (rules.isEmpty()) {
      return new RuleVerdict(RuleVerdict.Outcome.ACCEPT, "", "", message);
    }
    Scan scan = new Scan(rules, message, queueId);
    return scan.run();
  }

  /** One pass over one message. */
  private final class Scan {
    private final ContentRules rules;
    private final byte[] message;
    private final String queueId;
    private final ByteArrayOutputStream out;
    private final Deque<String> boundaries = new ArrayDeque<>();
    private String hold = "";
    private int pos;

    Scan(ContentRules rules, byte[] message, String queueId) {
      this.rules = rules;
      this.message = message;
      this.queueId = queueId;
      this.out = new ByteArrayOutputStream(message.length + 256);
    }

    RuleVerdict run() {
      Optional<RuleVerdict> stop = headers(true);
      long segment = 0;
      while (stop.isEmpty() && pos < message.length) {
        int end = lineEnd(pos);
        String line = text(pos, end);
        boolean boundary = isBoundary(line);
        if (boundary) {
          segment = 0;
        }
        segment += end - pos;
        stop = segment - (end - pos) < bodySizeLimit
            ? apply(ContentCheckKind.BODY, line, pos, end)
            : copy(pos, end);
        pos = end;
        if (boundary && stop.isEmpty() && !line.endsWith("--")) {
          stop = headers(false);
        }
      }
      return stop.orElseGet(() -> new RuleVerdict(RuleVerdict.Outcome.ACCEPT, "", hold, out.toByteArray()));
    }

    /** A header section, up to and including its empty line: the message's or a part's. */
    private Optional<RuleVerdict> headers(boolean primary) {
      while (pos < message.length) {
        int end = lineEnd(pos);
        if (end - pos <= 2 && (end - pos == 0 || message[pos] == '\r' || message[pos] == '\n')) {
          out.write(message, pos, end - pos);
          pos = end;
          return Optional.empty();
        }
        while (end < message.length && (message[end] == ' ' || message[end] == '\t')) {
          end = lineEnd(end);
        }
        String field = text(pos, end).replaceAll("\r?\n(?=[ \t])", "");
        int colon = field.indexOf(':');
        String name = colon < 0 ? "" : field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        Matcher boundary = name.equals("content-type") ? BOUNDARY.matcher(field) : null;
        if (boundary != null && boundary.find()) {
          boundaries.push(boundary.group(1) != null ? boundary.group(1) : boundary.group(2));
        }
        boolean mime = name.equals("mime-version") || name.startsWith("content-");
        Optional<RuleVerdict> stop = mime || primary
            ? apply(mime ? ContentCheckKind.MIME_HEADER : ContentCheckKind.HEADER, field, pos, end)
            : copy(pos, end);
        pos = end;
        if (stop.isPresent()) {
          return stop;
        }
      }
      return Optional.empty();
    }

    private Optional<RuleVerdict> apply(ContentCheckKind kind, String line, int start, int end) {
      Optional<ContentRules.Match> found = rules.firstMatch(kind, line);
      if (found.isEmpty()) {
        return copy(start, end);
      }
      ContentAction action = found.get().action();
      String text = found.get().text();
      String where = kind == ContentCheckKind.BODY ? "body" : "header";
      if (action != ContentAction.DUNNO && action != ContentAction.OK) {
        // As Postfix's cleanup logs it: "<id>: reject: header Subject: ...: text".
        LOG.infof("%s: %s: %s %s%s", queueId, action.name().toLowerCase(Locale.ROOT), where, abbreviated(line),
            text.isEmpty() ? "" : ": " + text);
      }
      switch (action) {
        case REJECT :
          return Optional.of(new RuleVerdict(RuleVerdict.Outcome.REJECT, text, "", message));
        case DISCARD :
          return Optional.of(new RuleVerdict(RuleVerdict.Outcome.DISCARD, "", "", message));
        case HOLD :
          if (hold.isEmpty()) {
            hold = where + "_checks: " + (text.isEmpty() ? abbreviated(line) : text);
          }
          return copy(start, end);
        case IGNORE :
        case STRIP :
          return Optional.empty();
        case PREPEND :
          writeLine(text);
          return copy(start, end);
        case REPLACE :
          writeLine(text);
          return Optional.empty();
        default :
          return copy(start, end);
      }
    }

    private Optional<RuleVerdict> copy(int start, int end) {
      out.write(message, start, end - start);
      return Optional.empty();
    }

    private void writeLine(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      out.writeBytes(CRLF);
    }

    private boolean isBoundary(String line) {
      if (!line.startsWith("--")) {
        return false;
      }
      for (String b : boundaries) {
        if (line.equals("--" + b) || line.equals("--" + b + "--")) {
          if (line.endsWith(b + "--")) {
            // A closing boundary ends its multipart and every one nested in it.
            while (!boundaries.isEmpty()) {
              if (boundaries.pop().equals(b)) {
                break;
              }
            }
          }
          return true;
        }
      }
      return false;
    }

    /** The index after this line's LF (or the end of the message). */
    private int lineEnd(int from) {
      for (int i = from; i < message.length; i++) {
        if (message[i] == '\n') {
          return i + 1;
        }
      }
      return message.length;
    }

    /** The line as text without its line end; bytes that are not UTF-8 match as U+FFFD. */
    private String text(int start, int end) {
      int stop = end;
      while (stop > start && (message[stop - 1] == '\n' || message[stop - 1] == '\r')) {
        stop--;
      }
      return new String(message, start, stop - start, StandardCharsets.UTF_8);
    }
  }

  private static String abbreviated(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
