package io.postfleet.queuemanager.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text formats of postmap(1) tables and aliases(5): {@code #} comments and blank lines
 * are skipped, a line that starts with white space continues the previous one, and the key ends at
 * the first white space (tables) or at the first {@code :} (aliases).
 */
public final class PostfixTables {
  private PostfixTables() {}

  /** {@code key value} lines, as transport(5), virtual(5) and virtual_mailbox_maps use. */
  public static List<TableLine> table(String text) {
    return read(text, false);
  }

  /** {@code name: value, value} lines, as aliases(5) uses. */
  public static List<TableLine> aliases(String text) {
    return read(text, true);
  }

  private static List<TableLine> read(String text, boolean colon) {
    List<TableLine> entries = new ArrayList<>();
    StringBuilder logical = null;
    int start = 0;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      if (Character.isWhitespace(line.charAt(0)) && logical != null) {
        logical.append(' ').append(line.strip());
        continue;
      }
      if (logical != null) {
        entries.add(split(start, logical.toString(), colon));
      }
      logical = new StringBuilder(line.strip());
      start = i + 1;
    }
    if (logical != null) {
      entries.add(split(start, logical.toString(), colon));
    }
    return entries;
  }

  private static TableLine split(int number, String line, boolean colon) {
    int end = colon ? line.indexOf(':') : indexOfWhitespace(line);
    if (end < 0) {
      return new TableLine(number, line, "");
    }
    return new TableLine(number, line.substring(0, end).strip(), line.substring(end + 1).strip());
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The comma or white space separated list of an aliases(5) or virtual(5) value. */
  public static List<String> targets(String value) {
    List<String> targets = new ArrayList<>();
    for (String t : value.split("[,\\s]+")) {
      if (!t.isBlank()) {
        targets.add(t);
      }
    }
    return targets;
  }
}
