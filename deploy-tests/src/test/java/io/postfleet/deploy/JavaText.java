package io.postfleet.deploy;

/** Just enough Java lexing to read declarations: comments out, braces matched, strings respected. */
final class JavaText {
  private JavaText() {}

  /** The source with every comment replaced by a space; string and char literals kept as they are. */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(source, i);
        out.append(source, i, end);
        i = end;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
        out.append(' ');
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index of the brace that closes the one at {@code open}. */
  static int closingBrace(String source, int open) {
    int depth = 0;
    int i = open;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i);
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced braces from offset " + open);
  }

  /** The text with every nested {...} block removed: only the declarations at this level remain. */
  static String topLevel(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '{') {
        i = closingBrace(body, i) + 1;
        out.append(';');
      } else if (c == '"' || c == '\'') {
        int end = endOfLiteral(body, i);
        out.append(body, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int endOfLiteral(String source, int start) {
    char quote = source.charAt(start);
    int i = start + 1;
    while (i < source.length() && source.charAt(i) != quote) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return Math.min(i + 1, source.length());
  }
}
