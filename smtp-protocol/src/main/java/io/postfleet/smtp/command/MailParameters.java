package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import java.util.Map;

/**
 * The MAIL parameters Postfleet honours: {@code SIZE} (RFC 1870) and {@code BODY} (RFC 6152).
 * Any other keyword is refused with 555 as RFC 5321 §4.1.1.11 says, since we advertise no other
 * extension that defines one.
 *
 * @param declaredSize the size the client announced, or -1 when it did not
 * @param body {@code 7BIT} or {@code 8BITMIME}
 */
public record MailParameters(long declaredSize, String body) {
  public static final String BODY_7BIT = "7BIT";
  public static final String BODY_8BITMIME = "8BITMIME";

  public static MailParameters of(Map<String, String> parameters) throws SmtpSyntaxException {
    long size = -1;
    String body = BODY_7BIT;
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      switch (p.getKey()) {
        case "SIZE" -> size = size(p.getValue());
        case "BODY" -> body = body(p.getValue());
        default -> throw new SmtpSyntaxException(SmtpReply.unsupportedParameter(p.getKey()));
      }
    }
    return new MailParameters(size, body);
  }

  private static long size(String value) throws SmtpSyntaxException {
    // RFC 1870 §4: size-value is 1*20DIGIT.
    if (!value.matches("\\d{1,20}")) {
      throw new SmtpSyntaxException(SmtpReply.badMessageSizeSyntax());
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException tooLargeForLong) {
      return Long.MAX_VALUE;
    }
  }

  private static String body(String value) throws SmtpSyntaxException {
    if (value.equalsIgnoreCase(BODY_7BIT)) {
      return BODY_7BIT;
    }
    if (value.equalsIgnoreCase(BODY_8BITMIME)) {
      return BODY_8BITMIME;
    }
    throw new SmtpSyntaxException(SmtpReply.badParameterSyntax());
  }
}
