package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the arguments of MAIL and RCPT (RFC 5321 §4.1.1.2, §4.1.1.3), as tolerant as Postfix:
 * the angle brackets may be missing ({@code MAIL FROM:info@example.com}, as people type it into
 * telnet), blanks may follow the colon, the verb's keyword may be in any case, and a source route
 * ({@code <@relay:user@example.com>}) is accepted and dropped as §4.1.2 allows.
 */
public final class PathParser {
  /** RFC 5321 §4.5.1: {@code <postmaster>} without a domain must be accepted at RCPT. */
  public static final String POSTMASTER = "postmaster";
  /** RFC 5321 §4.5.3.1.3, without the angle brackets, in octets. */
  private static final int MAX_PATH = 254;

  private PathParser() {}

  /** The argument of MAIL, e.g. {@code FROM:<a@b> SIZE=123}; {@code <>} is the null sender. */
  public static MailPath parseMailFrom(String argument) throws SmtpSyntaxException {
    SmtpReply usage = SmtpReply.usage("MAIL FROM:<address>");
    String[] pathAndRest = split(afterKeyword(argument, "FROM:", usage), usage,
        SmtpReply.badSenderSyntax());
    String path = pathAndRest[0];
    Map<String, String> parameters = EsmtpParameters.parse(pathAndRest[1]);
    if (path.isEmpty()) {
      return new MailPath("", parameters);
    }
    return new MailPath(mailbox(path).orElseThrow(
        () -> new SmtpSyntaxException(SmtpReply.badSenderSyntax())), parameters);
  }

  /**
   * The argument of RCPT, e.g. {@code TO:<a@b>}. A bare {@code postmaster} comes back as
   * {@link #POSTMASTER} for the caller to qualify with its own domain.
   */
  public static MailPath parseRcptTo(String argument) throws SmtpSyntaxException {
    SmtpReply usage = SmtpReply.usage("RCPT TO:<address>");
    SmtpReply bad = SmtpReply.badRecipientSyntax();
    String[] pathAndRest = split(afterKeyword(argument, "TO:", usage), usage, bad);
    String path = pathAndRest[0];
    Map<String, String> parameters = EsmtpParameters.parse(pathAndRest[1]);
    if (path.equalsIgnoreCase(POSTMASTER)) {
      return new MailPath(POSTMASTER, parameters);
    }
    return new MailPath(mailbox(path).orElseThrow(() -> new SmtpSyntaxException(bad)), parameters);
  }

  private static String afterKeyword(String argument, String keyword, SmtpReply usage)
      throws SmtpSyntaxException {
    if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
      throw new SmtpSyntaxException(usage);
    }
    String rest = argument.substring(keyword.length()).stripLeading();
    if (rest.isEmpty()) {
      throw new SmtpSyntaxException(usage);
    }
    return rest;
  }

  /** Splits {@code <path> params} or {@code path params} into the path and the parameter text. */
  private static String[] split(String rest, SmtpReply usage, SmtpReply bad)
      throws SmtpSyntaxException {
    if (rest.charAt(0) != '<') {
      int blank = indexOfBlank(rest, 0);
      return blank < 0
          ? new String[] {rest, ""}
          : new String[] {rest.substring(0, blank), rest.substring(blank)};
    }
    int close = closingBracket(rest);
    if (close < 0) {
      throw new SmtpSyntaxException(bad);
    }
    String after = rest.substring(close + 1);
    if (!after.isEmpty() && after.charAt(0) != ' ' && after.charAt(0) != '\t') {
      throw new SmtpSyntaxException(usage);
    }
    return new String[] {rest.substring(1, close), after};
  }

  /** The index of the {@code >} closing the path, skipping quoted strings in the local part. */
  private static int closingBracket(String s) {
    boolean quoted = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfBlank(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  private static Optional<String> mailbox(String path) {
    String mailbox = path;
    if (mailbox.startsWith("@")) {
      int colon = mailbox.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      mailbox = mailbox.substring(colon + 1);
    }
    if (MailboxSyntax.octets(mailbox) > MAX_PATH) {
      return Optional.empty();
    }
    return MailboxSyntax.normalise(mailbox);
  }
}
