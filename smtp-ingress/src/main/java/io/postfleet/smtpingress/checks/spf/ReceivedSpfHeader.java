package io.postfleet.smtpingress.checks.spf;

import io.postfleet.smtpingress.checks.SpfVerdict;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the {@code Received-SPF:} trace field of RFC 7208 §9.1 for one verdict:
 * {@code Received-SPF: pass (mx.example: domain of x@y designates 192.0.2.1 as permitted sender)
 * client-ip=192.0.2.1; envelope-from="x@y"; helo=mail.y; receiver=mx.example; identity=mailfrom;}.
 * HELO and MAIL FROM come from the client: control characters are replaced, quotes and
 * parentheses escaped, so they cannot end the field or its comment early. Lines are folded with a
 * tab before 78 characters (RFC 5322 §2.1.1) and the field ends with CRLF.
 */
public final class ReceivedSpfHeader {
  private static final int LINE = 78;

  private final String receiver;

  /** @param receiver this server's host name, written as {@code receiver=} and in the comment */
  public ReceivedSpfHeader(String receiver) {
    this.receiver = clean(receiver);
  }

  /** The whole field, CRLF included. */
  public String render(SpfVerdict verdict, InetAddress client, String helo) {
    String ip = address(client);
    List<String> tokens = new ArrayList<>();
    tokens.add(verdict.result().keyword());
    for (String word : ("(" + comment(verdict, ip) + ")").split(" ")) {
      tokens.add(word);
    }
    tokens.add("client-ip=" + ip + ";");
    if (verdict.identity().equals("mailfrom")) {
      tokens.add("envelope-from=" + quoted(verdict.sender()) + ";");
    }
    tokens.add("helo=" + value(helo) + ";");
    tokens.add("receiver=" + value(receiver) + ";");
    tokens.add("identity=" + verdict.identity() + ";");
    return fold(tokens);
  }

  /** The wording of RFC 7208 §9.1's example, one sentence per result. */
  private String comment(SpfVerdict verdict, String ip) {
    String sender = inComment(clean(verdict.sender()));
    String domain = inComment(clean(verdict.domain()));
    String text = switch (verdict.result()) {
      case PASS -> "domain of " + sender + " designates " + ip + " as permitted sender";
      case FAIL -> "domain of " + sender + " does not designate " + ip + " as permitted sender";
      case SOFTFAIL -> "domain of transitioning " + sender + " does not designate " + ip + " as permitted sender";
      case NEUTRAL -> ip + " is neither permitted nor denied by domain of " + sender;
      case TEMPERROR -> "error in processing during lookup of " + sender;
      case PERMERROR -> "permanent error in processing domain of " + (domain.isEmpty() ? sender : domain);
      default -> "domain of " + sender + " does not designate permitted sender hosts";
    };
    return inComment(receiver) + ": " + text;
  }

  private static String fold(List<String> tokens) {
    StringBuilder field = new StringBuilder();
    StringBuilder line = new StringBuilder("Received-SPF:");
    for (String token : tokens) {
      if (line.length() + 1 + token.length() > LINE && line.toString().trim().length() > "Received-SPF:".length()) {
        field.append(line).append("\r\n");
        line.setLength(0);
        line.append('\t').append(token);
      } else {
        line.append(' ').append(token);
      }
    }
    return field.append(line).append("\r\n").toString();
  }

  /** A dot-atom as it is (RFC 5322 §3.2.3), anything else as a quoted-string. */
  private static String value(String text) {
    String clean = clean(text);
    return !clean.isEmpty() && clean.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
        ? clean
        : quoted(clean);
  }

  private static String quoted(String text) {
    return "\"" + clean(text).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String inComment(String text) {
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
  }

  /** Control characters (C0, DEL, C1) become '?'; spaces and tabs a single space each. */
  private static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == ' ' || c == '\t') {
        out.append(' ');
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        out.append('?');
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString().trim();
  }

  /** The textual address without an IPv6 zone, which means nothing beyond this host. */
  private static String address(InetAddress client) {
    String text = client.getHostAddress();
    int zone = text.indexOf('%');
    return zone < 0 ? text : text.substring(0, zone);
  }
}
