package io.postfleet.smtpingress.checks;

import java.util.regex.Pattern;

/**
 * The lexical pieces of RFC 8601 §2.2's grammar that Authentication-Results values take: a
 * {@code value} (RFC 2045 token or quoted-string), a {@code pvalue} address ({@code local-part "@"
 * domain-name}) and a comment. Control characters (CR and LF among them) never reach the output,
 * so no input can end the field or start another one.
 */
final class AuthResSyntax {
  /** RFC 2045 §5.1: any VCHAR except tspecials; non-ASCII (RFC 6532) only inside quotes. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
  /** RFC 5322 §3.2.3 dot-atom, the unquoted form of a local-part. */
  private static final Pattern DOT_ATOM = Pattern
      .compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  /** RFC 6376 §3.5 domain-name: labels of letters, digits and inner hyphens (and "_" as DNS has). */
  private static final Pattern DOMAIN_NAME = Pattern
      .compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*");

  private AuthResSyntax() {}

  /** A token as it is, anything else as a quoted-string (RFC 2045 {@code value}). */
  static String value(String text) {
    String clean = withoutControls(text);
    return TOKEN.matcher(clean).matches() ? clean : quoted(clean);
  }

  /**
   * A property value ({@code pvalue}): a domain-name as it is; an address such as
   * {@code smtp.mailfrom} as {@code local-part@domain-name} with the local part quoted unless it is
   * a dot-atom; anything else as a {@code value}.
   */
  static String pvalue(String address) {
    String clean = withoutControls(address);
    int at = clean.lastIndexOf('@');
    if (at < 0) {
      return DOMAIN_NAME.matcher(clean).matches() ? clean : value(clean);
    }
    String local = clean.substring(0, at);
    String domain = clean.substring(at + 1);
    if (!DOMAIN_NAME.matcher(domain).matches()) {
      return quoted(clean);
    }
    if (local.isEmpty() || DOT_ATOM.matcher(local).matches()) {
      return clean;
    }
    return quoted(local) + "@" + domain;
  }

  /** A comment, its parentheses and backslashes escaped as quoted-pairs (RFC 5322 §3.2.2). */
  static String comment(String text) {
    return "(" + withoutControls(text).replaceAll("([()\\\\])", "\\\\$1") + ")";
  }

  private static String quoted(String text) {
    return "\"" + text.replaceAll("([\"\\\\])", "\\\\$1") + "\"";
  }

  /** CTLs are not allowed in any of these forms; CR and LF would forge header fields. */
  private static String withoutControls(String text) {
    return text.replaceAll("[\\x00-\\x1F\\x7F]", "");
  }
}
