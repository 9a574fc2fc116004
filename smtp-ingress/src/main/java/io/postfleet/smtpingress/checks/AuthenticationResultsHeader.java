package io.postfleet.smtpingress.checks;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one Authentication-Results header field we add (RFC 8601), and the removal of forged ones
 * that carry our authserv-id (§5).
 */
public final class AuthenticationResultsHeader {
  private static final String NAME = "Authentication-Results";

  private AuthenticationResultsHeader() {}

  /**
   * The field, CRLF-terminated, one result per folded line in the order iprev, spf, dkim, dmarc;
   * {@code host; none} when no method ran (§2.2 {@code no-result}).
   *
   * @param iprev null when iprev did not run
   * @param spf the HELO and/or MAIL FROM verdicts, in that order, possibly empty
   * @param dkim one verdict per signature, possibly empty
   * @param dmarc null when DMARC did not run
   * @param clientIp the SMTP client's address, iprev's {@code smtp.remote-ip}
   */
  public static String render(String authservId, IprevVerdict iprev, List<SpfVerdict> spf, List<DkimVerdict> dkim,
      DmarcVerdict dmarc, String clientIp) {
    List<String> results = new ArrayList<>();
    if (iprev != null) {
      // §2.7.3 and §2.7.4: the address checked, and the name it confirmed as a comment.
      results.add("iprev=" + iprev.result().keyword() + " smtp.remote-ip=" + AuthResSyntax.value(clientIp)
          + (iprev.hostname().isEmpty() ? "" : " " + AuthResSyntax.comment(iprev.hostname())));
    }
    for (SpfVerdict verdict : spf) {
      // §2.7.2: smtp.helo is the HELO name, smtp.mailfrom the MAIL FROM address checked.
      boolean helo = verdict.identity().equals("helo");
      String checked = helo
          ? (verdict.domain().isEmpty() ? verdict.sender() : verdict.domain())
          : (verdict.sender().isEmpty() ? verdict.domain() : verdict.sender());
      results.add("spf=" + verdict.result().keyword() + (helo ? " smtp.helo=" : " smtp.mailfrom=")
          + AuthResSyntax.pvalue(checked));
    }
    for (DkimVerdict verdict : dkim) {
      StringBuilder result = new StringBuilder("dkim=").append(verdict.result().keyword());
      if (!verdict.reason().isEmpty()) {
        result.append(" reason=").append(AuthResSyntax.value(verdict.reason()));
      }
      // §2.7.1 header.d and header.s, RFC 6008 header.b: which signature this line is about.
      property(result, "header.d", verdict.domain());
      property(result, "header.s", verdict.selector());
      property(result, "header.b", verdict.signaturePrefix());
      results.add(result.toString());
    }
    if (dmarc != null) {
      StringBuilder result = new StringBuilder("dmarc=").append(dmarc.result().keyword());
      property(result, "header.from", dmarc.fromDomain()); // RFC 7489 §11.2
      results.add(result.toString());
    }
    String id = AuthResSyntax.value(authservId);
    if (results.isEmpty()) {
      return NAME + ": " + id + "; none\r\n";
    }
    return NAME + ": " + id + ";\r\n\t" + String.join(";\r\n\t", results) + "\r\n";
  }

  /** Appends {@code " name=value"}, or nothing for an empty value (an unreadable tag). */
  private static void property(StringBuilder result, String name, String value) {
    if (!value.isEmpty()) {
      result.append(' ').append(name).append('=').append(AuthResSyntax.pvalue(value));
    }
  }

  /**
   * The message without the Authentication-Results fields of the header section whose authserv-id
   * is ours, compared case-insensitively: §5 says a border MTA MUST remove (or rename) them, since
   * only we may speak for our id. Every other byte, the body included, stays as it was.
   */
  public static byte[] removeOurs(byte[] message, String authservId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
    int start = 0;
    boolean dropping = false;
    while (start < message.length) {
      int end = lineEnd(message, start);
      boolean empty = end - start <= 2 && (message[start] == '\n' || (message[start] == '\r' && end - start == 2));
      if (empty) {
        break; // the empty line ends the header section (RFC 5322 §2.1): the rest is copied
      }
      boolean continuation = message[start] == ' ' || message[start] == '\t';
      if (!continuation) {
        dropping = isOurs(message, start, authservId);
      }
      if (!dropping) {
        out.write(message, start, end - start);
      }
      start = end;
    }
    out.write(message, start, message.length - start);
    return out.toByteArray();
  }

  /** Whether the field starting here is Authentication-Results with our authserv-id. */
  private static boolean isOurs(byte[] message, int start, String authservId) {
    int fieldEnd = start;
    do {
      fieldEnd = lineEnd(message, fieldEnd);
    } while (fieldEnd < message.length && (message[fieldEnd] == ' ' || message[fieldEnd] == '\t'));
    String field = new String(message, start, fieldEnd - start, StandardCharsets.UTF_8);
    int colon = field.indexOf(':');
    if (colon < 0 || !field.substring(0, colon).strip().equalsIgnoreCase(NAME)) {
      return false;
    }
    return AuthServId.of(field.substring(colon + 1)).equalsIgnoreCase(authservId);
  }

  /** The index after the line's LF (or the end of the message). */
  private static int lineEnd(byte[] message, int start) {
    for (int i = start; i < message.length; i++) {
      if (message[i] == '\n') {
        return i + 1;
      }
    }
    return message.length;
  }
}
