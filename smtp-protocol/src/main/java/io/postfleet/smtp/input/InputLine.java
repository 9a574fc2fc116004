package io.postfleet.smtp.input;

import java.util.Objects;

/**
 * One command line from the client, or the news that it sent a line longer than the limit (whose
 * bytes were discarded up to its end so the session can go on).
 *
 * @param text the line without its line end, bytes mapped one to one onto ISO-8859-1 characters;
 *     empty when {@code tooLong}
 * @param tooLong whether the line exceeded the limit and was discarded
 */
public record InputLine(String text, boolean tooLong) {
  public InputLine {
    Objects.requireNonNull(text, "text");
  }

  public static InputLine of(String text) {
    return new InputLine(text, false);
  }

  public static InputLine overlong() {
    return new InputLine("", true);
  }
}
