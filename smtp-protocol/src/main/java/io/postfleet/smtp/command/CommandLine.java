package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import java.util.Locale;

/**
 * One command line split into its verb and argument (RFC 5321 §4.1.1). The verb is upper-cased,
 * because verbs are case-insensitive (§2.4); the argument keeps its case, because local parts may
 * not be.
 *
 * @param verb the verb in upper case, e.g. {@code MAIL}
 * @param argument the rest of the line without leading or trailing blanks, maybe empty
 */
public record CommandLine(String verb, String argument) {

  /**
   * Parses a line as the input decoder hands it over (without its line end). Control characters
   * and 8-bit bytes are refused here: without SMTPUTF8 a command is plain ASCII (§2.4), and text
   * from a command ends up in trace headers, where a stray CR would let a client inject headers.
   */
  public static CommandLine parse(String line) throws SmtpSyntaxException {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new SmtpSyntaxException(SmtpReply.badSyntax());
      }
    }
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      throw new SmtpSyntaxException(SmtpReply.badSyntax());
    }
    int blank = firstBlank(trimmed);
    if (blank < 0) {
      return new CommandLine(trimmed.toUpperCase(Locale.ROOT), "");
    }
    return new CommandLine(
        trimmed.substring(0, blank).toUpperCase(Locale.ROOT), trimmed.substring(blank).strip());
  }

  private static int firstBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }
}
