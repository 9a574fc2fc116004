package io.postfleet.smtpingress.queue;

import io.postfleet.smtpingress.session.ClientEndpoint;
import io.postfleet.smtpingress.session.TlsFacts;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The trace header smtp-ingress prepends (RFC 5321 §4.4, RFC 5322 §3.6.7), in Postfix's layout:
 *
 * <pre>
 * Received: from mail.example.test (client.example.test [192.0.2.1])
 *         (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)
 *         (Authenticated sender: ann@example.test)
 *         by mx.example.test (Postfleet) with ESMTPSA id 0ABCDEFGHIJ12345
 *         for &lt;request@mail.example.test&gt;; Tue, 3 Jun 2025 10:00:00 +0000
 * </pre>
 *
 * The TLS and authentication lines appear only when they apply (Postfix's
 * smtpd_tls_received_header and smtpd_sasl_authenticated_header). "for" names the recipient only
 * when there is exactly one, so a message to many does not tell each of them who else got it
 * (§7.2). Folded lines start with a tab, lines end in CRLF. Every part comes from a command that
 * was checked for control characters, so none can end the header early.
 */
public final class ReceivedHeader {
  private static final DateTimeFormatter RFC5322_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
      Locale.ENGLISH);

  private ReceivedHeader() {}

  /**
   * @param trace who sent the message and how
   * @param hostname our own name
   * @param queueId the queue id
   * @param recipients the accepted recipients
   * @param when the time of receipt
   */
  public static String render(Trace trace, String hostname, String queueId, List<String> recipients,
      ZonedDateTime when) {
    StringBuilder h = new StringBuilder(256);
    h.append("Received: from ").append(trace.helo()).append(" (").append(trace.client().name())
        .append(" [").append(trace.client().addressLiteral()).append("])\r\n");
    trace.tls().ifPresent(tls -> h.append("\t(using ").append(tls.summary()).append(")\r\n"));
    if (!trace.authUser().isEmpty()) {
      h.append("\t(Authenticated sender: ").append(trace.authUser()).append(")\r\n");
    }
    h.append("\tby ").append(hostname).append(" (Postfleet) with ").append(trace.protocol())
        .append(" id ").append(queueId);
    if (recipients.size() == 1) {
      h.append("\r\n\tfor <").append(recipients.get(0)).append(">; ");
    } else {
      h.append(";\r\n\t");
    }
    return h.append(RFC5322_DATE.format(when)).append("\r\n").toString();
  }

  /**
   * @param helo the HELO/EHLO argument
   * @param client the connected client
   * @param protocol the RFC 3848 protocol name, e.g. {@code ESMTPSA}
   * @param tls the TLS session, if any
   * @param authUser the SASL identity, empty when none
   */
  public record Trace(String helo, ClientEndpoint client, String protocol, Optional<TlsFacts> tls,
      String authUser) {}
}
