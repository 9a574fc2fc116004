package io.postfleet.outboundrelay.smtp;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import io.postfleet.smtp.message.HeaderScan;
import java.util.List;
import java.util.Objects;

/**
 * One message for one session: the envelope, what the client asked for, and the exact bytes to send.
 *
 * @param mailFrom the reverse-path without brackets, empty for the null sender
 * @param recipients the recipients still to deliver to
 * @param options BODY, SMTPUTF8 and DSN as the client gave them
 * @param content the message, sent dot-stuffed and otherwise as is
 */
public record Outgoing(String mailFrom, List<Recipient> recipients, EsmtpOptions options, byte[] content) {
  public Outgoing {
    Objects.requireNonNull(mailFrom, "mailFrom");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(content, "content");
  }

  /** Whether any byte has its high bit set: such content needs 8BITMIME (RFC 6152). */
  boolean hasEightBitContent() {
    for (byte b : content) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the envelope or the header section is UTF-8 (RFC 6532): only then does a message whose
   * client asked for SMTPUTF8 really need it at the next hop, as Postfix's
   * {@code smtputf8_autodetect} reasons too.
   */
  boolean needsSmtputf8() {
    return !isAscii(mailFrom) || recipients.stream().anyMatch(r -> !isAscii(r.address()))
        || (options.smtputf8() && headerSectionIsNotAscii());
  }

  private boolean headerSectionIsNotAscii() {
    int end = HeaderScan.of(content).end();
    for (int i = 0; i < end; i++) {
      if (content[i] < 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
