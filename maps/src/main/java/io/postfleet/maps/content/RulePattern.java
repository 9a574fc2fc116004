package io.postfleet.maps.content;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One pcre_table(5) / regexp_table(5) pattern, {@code /regex/flags} or {@code !/regex/flags}, in
 * java.util.regex. Any character but whitespace and backslash may delimit, as in Postfix. Matching
 * is case-insensitive unless the {@code i} flag toggles it off, as in both Postfix table types;
 * {@code m}, {@code s} and {@code x} toggle multi-line, dot-all and comments mode.
 */
public final class RulePattern {
  private final String source;
  private final boolean negated;
  private final Pattern regex;

  private RulePattern(String source, boolean negated, Pattern regex) {
    this.source = source;
    this.negated = negated;
    this.regex = regex;
  }

  /** @throws IllegalArgumentException with a reason fit for an API answer */
  public static RulePattern parse(String source) {
    String s = source.strip();
    boolean negated = s.startsWith("!");
    int at = negated ? 1 : 0;
    if (s.length() < at + 2) {
      throw new IllegalArgumentException("a pattern is /regex/flags");
    }
    char delimiter = s.charAt(at);
    if (Character.isWhitespace(delimiter) || delimiter == '\\' || Character.isLetterOrDigit(delimiter)) {
      throw new IllegalArgumentException("a pattern starts with a delimiter such as / (found '" + delimiter + "')");
    }
    int end = closing(s, at + 1, delimiter);
    if (end < 0) {
      throw new IllegalArgumentException("the pattern has no closing " + delimiter);
    }
    int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    for (char f : s.substring(end + 1).toCharArray()) {
      flags ^= switch (f) {
        case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'm' -> Pattern.MULTILINE;
        case 's' -> Pattern.DOTALL;
        case 'x' -> Pattern.COMMENTS;
        default -> throw new IllegalArgumentException("unknown pattern flag '" + f + "' (i, m, s, x)");
      };
    }
    try {
      return new RulePattern(s, negated, Pattern.compile(s.substring(at + 1, end), flags));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regular expression: " + e.getDescription() + " near index "
          + e.getIndex());
    }
  }

  /** The index of the delimiter that ends the regex; one after a backslash belongs to it. */
  static int closing(String s, int from, char delimiter) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == delimiter) {
        return i;
      }
    }
    return -1;
  }

  public String source() {
    return source;
  }

  public boolean negated() {
    return negated;
  }

  /** The match of this line, empty when the rule does not apply (for a negated one: when the regex matches). */
  public Optional<Matcher> match(String line) {
    Matcher m = regex.matcher(line);
    boolean found = m.find();
    return found != negated ? Optional.of(m) : Optional.empty();
  }

  public int groups() {
    return regex.matcher("").groupCount();
  }
}
