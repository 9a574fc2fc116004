package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.XText;
import java.util.Locale;
import java.util.Map;

/**
 * The MAIL parameters Postfleet honours: {@code SIZE} (RFC 1870), {@code BODY} (RFC 6152, RFC 3030
 * BINARYMIME), {@code SMTPUTF8} (RFC 6531), {@code RET} and {@code ENVID} (RFC 3461 DSN), and
 * {@code AUTH=} (RFC 4954 §5) where AUTH is offered. Any other keyword is refused with 555 as RFC
 * 5321 §4.1.1.11 says; a known keyword with a bad value gets 501 5.5.4.
 *
 * @param declaredSize the size the client announced, or -1 when it did not
 * @param body the body type, {@link Body#SEVEN_BIT} unless declared
 * @param smtputf8 whether the client asked for SMTPUTF8: addresses may be internationalised
 * @param ret what a failure DSN should return
 * @param envelopeId ENVID decoded from xtext, empty when absent
 */
public record MailParameters(long declaredSize, Body body, boolean smtputf8, Ret ret, String envelopeId) {
  /** RFC 3461 §4.4: an ENVID longer than this is refused. */
  private static final int MAX_ENVID = 100;

  /** BODY= values. */
  public enum Body {
    SEVEN_BIT,
    EIGHT_BIT_MIME,
    /** RFC 3030 §3: content of any octets, sent only with BDAT. */
    BINARY_MIME
  }

  /** RET= values (RFC 3461 §4.3); DEFAULT when the client did not say. */
  public enum Ret {
    DEFAULT,
    FULL,
    HDRS
  }

  /** No parameters: a plain RFC 5321 MAIL. */
  public static final MailParameters NONE = new MailParameters(-1, Body.SEVEN_BIT, false, Ret.DEFAULT, "");

  /**
   * @param parameters the parameters as {@link PathParser} split them
   * @param authOffered whether this session advertises AUTH, the only case where AUTH= is allowed
   */
  public static MailParameters of(Map<String, String> parameters, boolean authOffered)
      throws SmtpSyntaxException {
    long size = -1;
    Body body = Body.SEVEN_BIT;
    boolean smtputf8 = false;
    Ret ret = Ret.DEFAULT;
    String envelopeId = "";
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getValue();
      switch (p.getKey()) {
        case "SIZE" -> size = size(value);
        case "BODY" -> body = body(value);
        case "SMTPUTF8" -> smtputf8 = flag("SMTPUTF8", value);
        case "RET" -> ret = ret(value);
        case "ENVID" -> envelopeId = envelopeId(value);
        case "AUTH" -> {
          if (!authOffered) {
            throw new SmtpSyntaxException(SmtpReply.unsupportedParameter("AUTH"));
          }
          authorization(value);
        }
        default -> throw new SmtpSyntaxException(SmtpReply.unsupportedParameter(p.getKey()));
      }
    }
    return new MailParameters(size, body, smtputf8, ret, envelopeId);
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

  private static Body body(String value) throws SmtpSyntaxException {
    switch (value.toUpperCase(Locale.ROOT)) {
      case "7BIT" :
        return Body.SEVEN_BIT;
      case "8BITMIME" :
        return Body.EIGHT_BIT_MIME;
      case "BINARYMIME" :
        return Body.BINARY_MIME;
      default :
        throw new SmtpSyntaxException(SmtpReply.badParameter("BODY"));
    }
  }

  /** A keyword that takes no value (RFC 6531 §3.4: SMTPUTF8 has none). */
  private static boolean flag(String keyword, String value) throws SmtpSyntaxException {
    if (!value.isEmpty()) {
      throw new SmtpSyntaxException(SmtpReply.badParameter(keyword));
    }
    return true;
  }

  private static Ret ret(String value) throws SmtpSyntaxException {
    switch (value.toUpperCase(Locale.ROOT)) {
      case "FULL" :
        return Ret.FULL;
      case "HDRS" :
        return Ret.HDRS;
      default :
        throw new SmtpSyntaxException(SmtpReply.badParameter("RET"));
    }
  }

  private static String envelopeId(String value) throws SmtpSyntaxException {
    if (value.length() > MAX_ENVID) {
      throw new SmtpSyntaxException(SmtpReply.badParameter("ENVID"));
    }
    return XText.decode(value)
        .orElseThrow(() -> new SmtpSyntaxException(SmtpReply.badParameter("ENVID")));
  }

  /**
   * RFC 4954 §5: {@code AUTH=<>} or an xtext mailbox. It is checked and not carried: it only
   * matters between servers that trust each other's AUTH, and we trust our own AUTH alone.
   */
  private static void authorization(String value) throws SmtpSyntaxException {
    if (!value.equals("<>") && XText.decode(value).isEmpty()) {
      throw new SmtpSyntaxException(SmtpReply.badParameter("AUTH"));
    }
  }
}
