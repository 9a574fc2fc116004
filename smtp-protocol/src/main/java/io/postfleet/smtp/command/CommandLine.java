package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One command line split into its verb and argument (RFC 5321 §4.1.1). The verb is upper-cased,
 * because verbs are case-insensitive (§2.4); the argument keeps its case, because local parts may
 * not be.
 *
 * @param verb the verb in upper case, e.g. {@code MAIL}
 * @param argument the rest of the line without leading or trailing blanks, maybe empty; decoded
 *     from UTF-8 when the line had 8-bit bytes
 */
public record CommandLine(String verb, String argument) {

  /**
   * Parses a line as the input decoder hands it over (bytes as ISO-8859-1 characters, without its
   * line end). Control characters are refused: text from a command ends up in trace headers and
   * logs, where a stray CR or NUL would let a client inject headers or cut lines. 8-bit bytes must
   * form valid UTF-8 (RFC 6531 §3.3 allows UTF-8 in MAIL and RCPT; which commands may carry it is
   * the caller's business), so that invalid sequences never reach maps, logs or the next hop.
   */
  public static CommandLine parse(String line) throws SmtpSyntaxException {
    boolean eightBit = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new SmtpSyntaxException(SmtpReply.badSyntax());
      }
      eightBit |= c > 0x7f;
    }
    String text = eightBit ? utf8(line) : line;
    String trimmed = text.strip();
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

  /** Whether the argument is plain ASCII, as every command but MAIL and RCPT must be. */
  public boolean ascii() {
    for (int i = 0; i < argument.length(); i++) {
      if (argument.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static String utf8(String latin1) throws SmtpSyntaxException {
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SmtpSyntaxException(SmtpReply.badUtf8());
    }
    for (int i = 0; i < decoded.length(); i++) {
      // C1 controls are as dangerous in logs and headers as C0 ones.
      char c = decoded.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        throw new SmtpSyntaxException(SmtpReply.badSyntax());
      }
    }
    return decoded;
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
