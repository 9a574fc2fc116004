package io.postfleet.smtpingress.queue;

import io.postfleet.smtpingress.session.ClientEndpoint;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The trace header smtp-ingress prepends (RFC 5321 §4.4, RFC 5322 §3.6.7), in Postfix's layout:
 *
 * <pre>
 * Received: from mail.example.test (client.example.test [192.0.2.1])
 *         by mx.example.test (Postfleet) with ESMTP id 0ABCDEFGHIJ12345
 *         for &lt;request@mail.example.test&gt;; Tue, 3 Jun 2025 10:00:00 +0000
 * </pre>
 *
 * "for" names the recipient only when there is exactly one, so a message to many does not tell
 * each of them who else got it (§7.2). Folded lines start with a tab, lines end in CRLF.
 */
public final class ReceivedHeader {
  private static final DateTimeFormatter RFC5322_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  private ReceivedHeader() {}

  /**
   * @param helo the HELO/EHLO argument
   * @param client the connected client
   * @param hostname our own name
   * @param protocol {@code ESMTP} or {@code SMTP}
   * @param queueId the queue id
   * @param recipients the accepted recipients
   * @param when the time of receipt
   */
  public static String render(String helo, ClientEndpoint client, String hostname, String protocol,
      String queueId, List<String> recipients, ZonedDateTime when) {
    StringBuilder h = new StringBuilder(256);
    h.append("Received: from ").append(helo)
        .append(" (").append(client.name()).append(" [").append(client.addressLiteral()).append("])\r\n");
    h.append("\tby ").append(hostname).append(" (Postfleet) with ").append(protocol)
        .append(" id ").append(queueId);
    if (recipients.size() == 1) {
      h.append("\r\n\tfor <").append(recipients.get(0)).append(">; ");
    } else {
      h.append(";\r\n\t");
    }
    return h.append(RFC5322_DATE.format(when)).append("\r\n").toString();
  }
}
