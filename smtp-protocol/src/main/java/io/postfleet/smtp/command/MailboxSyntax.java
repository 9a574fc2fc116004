package io.postfleet.smtp.command;

import io.postfleet.smtp.name.Idna;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks and normalises a mailbox ({@code local-part@domain}, RFC 5321 §4.1.2). The domain is
 * lower-cased and loses a trailing dot, so that maps, relay decisions and logs see one spelling;
 * the local part is kept as given, because only its owner may say whether case matters (§2.4). As
 * Postfix does, dot placement in the local part is not policed: mail from old systems with
 * {@code a..b@} still flows.
 *
 * <p>Internationalised mailboxes (RFC 6531 §3.3, RFC 6532 §3.2) are understood too: non-ASCII
 * characters in the local part, and U-labels in the domain, which must convert to valid A-labels
 * and are kept in NFC. Whether the client may use them (it must have said SMTPUTF8) is decided by
 * the caller, which sees it through {@link MailPath#internationalised()}.
 */
final class MailboxSyntax {
  /** RFC 5321 §4.5.3.1.1, in octets. */
  private static final int MAX_LOCAL_PART = 64;
  /** RFC 5321 §4.5.3.1.2. */
  private static final int MAX_DOMAIN = 255;
  private static final int MAX_LABEL = 63;
  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

  private MailboxSyntax() {}

  /** The normalised mailbox, or empty when {@code mailbox} is not one (or has no domain). */
  static Optional<String> normalise(String mailbox) {
    int at = localPartEnd(mailbox);
    if (at <= 0 || at >= mailbox.length() || mailbox.charAt(at) != '@'
        || octets(mailbox.substring(0, at)) > MAX_LOCAL_PART) {
      return Optional.empty();
    }
    return normaliseDomain(mailbox.substring(at + 1))
        .map(domain -> mailbox.substring(0, at) + "@" + domain);
  }

  static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Index just past the local part (quoted-string or dot-string), or -1 when it is malformed. */
  private static int localPartEnd(String s) {
    if (s.startsWith("\"")) {
      for (int i = 1; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          return i + 1;
        }
      }
      return -1;
    }
    int i = 0;
    while (i < s.length() && atext(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** RFC 5321 atext, plus RFC 6531 §3.3's UTF8-non-ascii. */
  private static boolean atext(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || ATEXT_SPECIALS.indexOf(c) >= 0 || c > 0x7f;
  }

  private static Optional<String> normaliseDomain(String domain) {
    if (domain.startsWith("[")) {
      return addressLiteral(domain);
    }
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (d.isEmpty() || octets(d) > MAX_DOMAIN) {
      return Optional.empty();
    }
    for (String label : d.split("\\.", -1)) {
      if (label.isEmpty() || !(ldh(label) ? label.length() <= MAX_LABEL : uLabel(label))) {
        return Optional.empty();
      }
    }
    return Optional.of(Normalizer.normalize(d.toLowerCase(Locale.ROOT), Normalizer.Form.NFC));
  }

  /** Letters, digits and hyphens; underscores too, which real hostnames carry despite RFC 1123. */
  private static boolean ldh(String label) {
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * A label with non-ASCII letters that has a valid A-label (RFC 5890 §2.3.2.1). A label that maps
   * to plain ASCII (such as a circled letter or a full-width one) is refused: it would be a second
   * spelling of an ASCII name, and relay decisions must see one spelling per domain.
   */
  private static boolean uLabel(String label) {
    return Idna.toAscii(label)
        .filter(ace -> ace.startsWith("xn--") && ace.length() <= MAX_LABEL && ldh(ace))
        .isPresent();
  }

  /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
  private static Optional<String> addressLiteral(String literal) {
    if (!literal.endsWith("]") || literal.length() < 3) {
      return Optional.empty();
    }
    String inner = literal.substring(1, literal.length() - 1);
    if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
      String v6 = inner.substring(5).toLowerCase(Locale.ROOT);
      return v6.matches("[0-9a-f:.]+") && v6.indexOf(':') >= 0
          ? Optional.of("[IPv6:" + v6 + "]")
          : Optional.empty();
    }
    return inner.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")
        ? Optional.of(literal)
        : Optional.empty();
  }
}
