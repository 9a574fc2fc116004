package io.postfleet.smtp.command;

import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtp.XText;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The RCPT parameters of DSN (RFC 3461 §4.1, §4.2): which events the sender wants a notification
 * of, and the recipient as it was before any forwarding. Anything else is refused with 555.
 *
 * @param notifyOn the NOTIFY= keywords; empty when the client did not say
 * @param originalRecipient ORCPT as {@code addr-type;address} with the address decoded from
 *     xtext, empty when absent
 */
public record RcptParameters(Set<Notify> notifyOn, String originalRecipient) {
  /** RFC 3461 §4.2: an ORCPT longer than this is refused. */
  private static final int MAX_ORCPT = 500;

  /** NOTIFY= keywords. */
  public enum Notify {
    NEVER,
    SUCCESS,
    FAILURE,
    DELAY
  }

  public static final RcptParameters NONE = new RcptParameters(Set.of(), "");

  public RcptParameters {
    notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
  }

  public static RcptParameters of(Map<String, String> parameters) throws SmtpSyntaxException {
    Set<Notify> notify = Set.of();
    String original = "";
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      switch (p.getKey()) {
        case "NOTIFY" -> notify = notify(p.getValue());
        case "ORCPT" -> original = originalRecipient(p.getValue());
        default -> throw new SmtpSyntaxException(SmtpReply.unsupportedParameter(p.getKey()));
      }
    }
    return new RcptParameters(notify, original);
  }

  /** {@code NEVER}, or a comma list of SUCCESS, FAILURE and DELAY (RFC 3461 §4.1). */
  private static Set<Notify> notify(String value) throws SmtpSyntaxException {
    Set<Notify> keywords = EnumSet.noneOf(Notify.class);
    for (String item : value.split(",", -1)) {
      Notify keyword;
      try {
        keyword = Notify.valueOf(item.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new SmtpSyntaxException(SmtpReply.badParameter("NOTIFY"));
      }
      keywords.add(keyword);
    }
    if (keywords.contains(Notify.NEVER) && keywords.size() > 1) {
      throw new SmtpSyntaxException(SmtpReply.badParameter("NOTIFY"));
    }
    return keywords;
  }

  /**
   * {@code addr-type ";" xtext} (RFC 3461 §4.2). The address type is an atom such as
   * {@code rfc822}, or {@code utf-8} (RFC 6533, whose encoding is valid xtext as well).
   */
  private static String originalRecipient(String value) throws SmtpSyntaxException {
    int semicolon = value.indexOf(';');
    if (value.length() > MAX_ORCPT || semicolon < 1 || semicolon == value.length() - 1
        || !value.substring(0, semicolon).matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")) {
      throw new SmtpSyntaxException(SmtpReply.badParameter("ORCPT"));
    }
    String address = XText.decode(value.substring(semicolon + 1))
        .orElseThrow(() -> new SmtpSyntaxException(SmtpReply.badParameter("ORCPT")));
    return value.substring(0, semicolon) + ";" + address;
  }
}
