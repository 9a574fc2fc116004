package io.postfleet.maps.content;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Postfix {@code pcre:} or {@code regexp:} table file into rules, all or nothing: blank
 * lines and lines starting with {@code #} are skipped, a line starting with whitespace continues
 * the one before (as in every Postfix table), and each problem is reported with its line number.
 * {@code if}/{@code endif} blocks are refused rather than half understood.
 */
public final class ContentRuleTable {
  private ContentRuleTable() {}

  /** @throws InvalidContentRulesException listing every bad line */
  public static List<ContentRule> parse(String file) {
    List<ContentRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String[] lines = file.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int number = i + 1;
      if (Character.isWhitespace(line.charAt(0))) {
        problems.add("line " + number + ": a continuation line with no line before it");
        continue;
      }
      StringBuilder logical = new StringBuilder(line.strip());
      while (i + 1 < lines.length && !lines[i + 1].isBlank() && Character.isWhitespace(lines[i + 1].charAt(0))
          && !lines[i + 1].stripLeading().startsWith("#")) {
        logical.append(' ').append(lines[++i].strip());
      }
      try {
        rules.add(line(logical.toString()));
      } catch (IllegalArgumentException e) {
        problems.add("line " + number + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidContentRulesException(problems);
    }
    return rules;
  }

  /** One logical line: {@code /regex/flags ACTION [text]}. */
  static ContentRule line(String line) {
    String lower = line.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("if ") || lower.startsWith("if!") || lower.equals("endif")) {
      throw new IllegalArgumentException("if/endif blocks are not supported; write one rule per pattern");
    }
    int at = line.startsWith("!") ? 1 : 0;
    int end = line.length() > at ? RulePattern.closing(line, at + 1, line.charAt(at)) : -1;
    if (end < 0) {
      throw new IllegalArgumentException("a rule is /regex/flags ACTION [text]");
    }
    int flagsEnd = end + 1;
    while (flagsEnd < line.length() && !Character.isWhitespace(line.charAt(flagsEnd))) {
      flagsEnd++;
    }
    String result = line.substring(flagsEnd).strip();
    if (result.isEmpty()) {
      throw new IllegalArgumentException("the rule has no action");
    }
    int space = indexOfWhitespace(result);
    String action = space < 0 ? result : result.substring(0, space);
    String text = space < 0 ? "" : result.substring(space + 1);
    return ContentRule.of(line.substring(0, flagsEnd), ContentAction.parse(action), text);
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
