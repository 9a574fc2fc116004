package io.postfleet.maps.content;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * One line of a header_checks or body_checks table: a pattern, the action, and the action's text,
 * in which {@code $1}, {@code ${1}} and {@code $(1)} stand for the pattern's groups and {@code $$}
 * for a dollar, as in pcre_table(5).
 */
public final class ContentRule {
  private final RulePattern pattern;
  private final ContentAction action;
  private final String text;

  private ContentRule(RulePattern pattern, ContentAction action, String text) {
    this.pattern = pattern;
    this.action = action;
    this.text = text;
  }

  /** @throws IllegalArgumentException with a reason fit for an API answer */
  public static ContentRule of(String pattern, ContentAction action, String text) {
    Objects.requireNonNull(action, "action");
    RulePattern p = RulePattern.parse(Objects.requireNonNull(pattern, "pattern"));
    String t = text == null ? "" : text.strip();
    if (action.needsText() && t.isEmpty()) {
      throw new IllegalArgumentException(action + " needs a text");
    }
    int highest = highestGroup(t);
    if (highest > 0 && p.negated()) {
      throw new IllegalArgumentException("a negated pattern has no groups for $" + highest);
    }
    if (highest > p.groups()) {
      throw new IllegalArgumentException("$" + highest + " names a group the pattern does not have");
    }
    return new ContentRule(p, action, t);
  }

  public String pattern() {
    return pattern.source();
  }

  public ContentAction action() {
    return action;
  }

  public String text() {
    return text;
  }

  /** The action's text with the groups of this line filled in, or empty if the rule does not apply. */
  public Optional<String> apply(String line) {
    return pattern.match(line).map(m -> pattern.negated() ? text : expand(text, m));
  }

  /** The Postfix table line this rule is: {@code /regex/flags ACTION text}. */
  public String tableLine() {
    return pattern.source() + " " + action + (text.isEmpty() ? "" : " " + text);
  }

  private static String expand(String text, Matcher m) {
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int[] ref = c == '$' ? reference(text, i + 1) : null;
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else if (ref != null) {
        String group = m.group(ref[0]);
        out.append(group == null ? "" : group);
        i = ref[1] - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** After a dollar at {@code from}: {group, index after the reference}, or null if none is there. */
  private static int[] reference(String text, int from) {
    if (from >= text.length()) {
      return null;
    }
    char open = text.charAt(from);
    char close = open == '{' ? '}' : open == '(' ? ')' : 0;
    int start = close == 0 ? from : from + 1;
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    if (end == start || (close != 0 && (end >= text.length() || text.charAt(end) != close))) {
      return null;
    }
    return new int[] {Integer.parseInt(text.substring(start, end)), close == 0 ? end : end + 1};
  }

  private static int highestGroup(String text) {
    int highest = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        i++;
      } else if (text.charAt(i) == '$') {
        int[] ref = reference(text, i + 1);
        if (ref != null) {
          highest = Math.max(highest, ref[0]);
        }
      }
    }
    return highest;
  }

  @Override
  public String toString() {
    return tableLine();
  }
}
