package io.postfleet.smtp.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply a remote SMTP server sent us (RFC 5321 §4.2), as read by {@link ReplyReader}.
 *
 * @param code the three-digit reply code, the same on every line
 * @param enhancedCode the RFC 3463 enhanced status code of the first line, such as {@code 5.1.1};
 *     empty when the server sent none or one whose class contradicts the reply code
 * @param lines the reply lines as received, without their line ends
 */
public record RemoteReply(int code, String enhancedCode, List<String> lines) {
  /**
   * {@code class.subject.detail} followed by a space or the end of the line (RFC 3463 §2: subject and
   * detail are one to three digits; RFC 2034 §4 puts the code right after the reply code).
   */
  private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?= |$)");

  public RemoteReply {
    Objects.requireNonNull(enhancedCode, "enhancedCode");
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line");
    }
  }

  /** Builds a reply from its lines, taking the enhanced code from the first line if it has one. */
  static RemoteReply of(int code, List<String> lines) {
    return new RemoteReply(code, enhancedCodeOf(code, lines.get(0)), lines);
  }

  /** 2yz: the requested action was completed. */
  public boolean isPositive() {
    return code / 100 == 2;
  }

  /** 3yz: go on, e.g. {@code 354} after DATA. */
  public boolean isIntermediate() {
    return code / 100 == 3;
  }

  /** 4yz: try again later. */
  public boolean isTransient() {
    return code / 100 == 4;
  }

  /** 5yz: do not try again as is. */
  public boolean isPermanent() {
    return code / 100 == 5;
  }

  /**
   * The text of each line without the reply code and, where present, the enhanced code: for an EHLO
   * reply, the server name followed by one extension keyword per line.
   */
  public List<String> textLines() {
    List<String> texts = new ArrayList<>(lines.size());
    for (String line : lines) {
      String text = line.length() > 4 ? line.substring(4) : "";
      if (!enhancedCode.isEmpty() && text.startsWith(enhancedCode)) {
        text = text.substring(enhancedCode.length()).stripLeading();
      }
      texts.add(text);
    }
    return texts;
  }

  /** The lines joined by spaces, as Postfix quotes a remote reply in its logs and bounces. */
  @Override
  public String toString() {
    return String.join(" ", lines);
  }

  private static String enhancedCodeOf(int code, String firstLine) {
    if (firstLine.length() <= 4) {
      return "";
    }
    Matcher m = ENHANCED.matcher(firstLine.substring(4));
    // A class that contradicts the reply code is not trusted (Postfix smtp_chat.c does the same).
    if (!m.find() || m.group(1).charAt(0) - '0' != code / 100) {
      return "";
    }
    return m.group();
  }
}
