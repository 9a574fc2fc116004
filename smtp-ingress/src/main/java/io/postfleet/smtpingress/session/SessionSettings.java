package io.postfleet.smtpingress.session;

import java.time.Duration;
import java.util.Objects;

/**
 * What every SMTP session needs to know, taken from the configuration once at startup. Kept apart
 * from the Quarkus configuration so the SMTP layer runs, and is tested, without a container.
 *
 * @param hostname the name in the greeting, EHLO reply and Received header (myhostname)
 * @param commandTimeout the longest a command, or a stall in message content, may take
 *     (smtpd_timeout with smtpd_per_request_deadline)
 * @param minDataRate the octets per second a client must keep up in message content to earn more
 *     time than {@code commandTimeout} for it (smtpd_min_data_rate)
 * @param lineLengthLimit the longest command line (line_length_limit)
 * @param messageSizeLimit the largest message content in bytes (message_size_limit)
 * @param recipientLimit the most recipients per message (smtpd_recipient_limit)
 * @param hardErrorLimit the errors after which the client is disconnected (smtpd_hard_error_limit)
 * @param peernameLookup whether to look the client's name up in reverse DNS
 */
public record SessionSettings(
    String hostname,
    Duration commandTimeout,
    int minDataRate,
    int lineLengthLimit,
    long messageSizeLimit,
    int recipientLimit,
    int hardErrorLimit,
    boolean peernameLookup) {

  public SessionSettings {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (lineLengthLimit < 512) {
      // RFC 5321 §4.5.3.1.4: a server must accept command lines of 512 octets.
      throw new IllegalArgumentException("line length limit below 512: " + lineLengthLimit);
    }
    if (messageSizeLimit < 1 || recipientLimit < 1 || hardErrorLimit < 1 || minDataRate < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
