package io.postfleet.smtpingress.checks;

/**
 * Reads the authserv-id at the start of an Authentication-Results value (RFC 8601 §2.2:
 * {@code [CFWS] authserv-id}, a token or quoted-string after optional comments and folding).
 */
final class AuthServId {
  private AuthServId() {}

  /** The id, unquoted; empty when the value does not start with one. */
  static String of(String value) {
    int i = skipCfws(value, 0);
    StringBuilder id = new StringBuilder();
    if (i < value.length() && value.charAt(i) == '"') {
      for (i++; i < value.length() && value.charAt(i) != '"'; i++) {
        char c = value.charAt(i);
        if (c == '\\' && i + 1 < value.length()) {
          c = value.charAt(++i);
        }
        if (c != '\r' && c != '\n') {
          id.append(c);
        }
      }
      return id.toString();
    }
    // A token ends at white space, a comment or one of RFC 2045's tspecials (";" usually).
    while (i < value.length() && " \t\r\n()<>@,;:\\\"/[]?=".indexOf(value.charAt(i)) < 0) {
      id.append(value.charAt(i++));
    }
    return id.toString();
  }

  /** Skips white space, line folds and (nested) comments, RFC 5322 §3.2.2. */
  private static int skipCfws(String value, int from) {
    int i = from;
    int depth = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (depth > 0 && c == '\\') {
        i += 2;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0 && " \t\r\n".indexOf(c) < 0) {
        return i;
      }
      i++;
    }
    return i;
  }
}
