package io.postfleet.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One mail transaction an {@link SmtpSink} accepted.
 *
 * @param helo the argument of the session's last EHLO or HELO
 * @param mailFrom the reverse-path without angle brackets, empty for the null sender
 * @param recipients the forward-paths whose RCPT was accepted, without angle brackets, in order
 * @param data the message exactly as it arrived between DATA and the final dot, dot-unstuffed, with
 *     its CRLF line ends; or the octets of its BDAT chunks joined, untouched (RFC 3030)
 * @param tls the TLS protocol of the session (e.g. {@code TLSv1.3}), empty for plaintext
 * @param authUser the user the client authenticated as, empty if it did not
 */
public record SinkMessage(
    String helo, String mailFrom, List<String> recipients, byte[] data, String tls, String authUser) {
  public SinkMessage {
    recipients = List.copyOf(recipients);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The data as text, for assertions on messages that are plain ASCII. */
  public String text() {
    return new String(data, StandardCharsets.UTF_8);
  }
}
