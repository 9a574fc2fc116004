package io.postfleet.smtpingress.queue;

import io.postfleet.smtp.message.HeaderScan;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What Postfix's cleanup adds to a message that lacks it (RFC 5322 §3.6: Date and From are
 * required, Message-ID should be there): {@code Date:} of the arrival, {@code Message-ID:
 * <YYYYMMDDhhmmss.queueid@myhostname>} and {@code From:} with the envelope sender, at the end of
 * the header section. As Postfix's local_header_rewrite_clients (permit_mynetworks,
 * permit_sasl_authenticated) and always_add_missing_headers, it does so for trusted and
 * authenticated clients only, for every client, or never. The null sender becomes
 * {@code MAILER-DAEMON}, as Postfix's empty_address_recipient names it.
 */
public final class MissingHeaders {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
      Locale.ENGLISH);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

  /** Which clients' mail gets the missing headers ({@code postfleet.smtp.add-missing-headers}). */
  public enum Mode {
    /** Trusted networks and authenticated clients (Postfix's default). */
    LOCAL,
    /** Every client (always_add_missing_headers=yes). */
    ALWAYS,
    /** Nobody: the message is left as it came. */
    NEVER
  }

  private final Mode mode;
  private final String hostname;

  public MissingHeaders(Mode mode, String hostname) {
    this.mode = mode;
    this.hostname = hostname;
  }

  /** Whether a client with these facts gets its missing headers added. */
  public boolean appliesTo(boolean trusted, boolean authenticated) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case LOCAL -> trusted || authenticated;
    };
  }

  /**
   * The content with the fields it lacks inserted after its last header field, the content itself
   * when it lacks none. A body that no empty line set apart gets one, so it stays the body.
   */
  public byte[] complete(byte[] content, HeaderScan headers, String sender, String queueId, ZonedDateTime arrival) {
    StringBuilder added = new StringBuilder();
    if (!headers.has("Date")) {
      added.append("Date: ").append(DATE.format(arrival)).append("\r\n");
    }
    if (!headers.has("Message-ID")) {
      added.append("Message-ID: <").append(STAMP.format(arrival)).append('.').append(queueId).append('@')
          .append(hostname).append(">\r\n");
    }
    if (!headers.has("From")) {
      added.append("From: ").append(sender.isEmpty() ? "MAILER-DAEMON" : sender).append("\r\n");
    }
    if (added.isEmpty()) {
      return content;
    }
    int end = headers.end();
    boolean bodyFollows = end < content.length;
    if (headers.lineOpen()) {
      added.insert(0, "\r\n");
    }
    if (bodyFollows && !headers.separated()) {
      added.append("\r\n");
    }
    byte[] insert = added.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + insert.length);
    out.write(content, 0, end);
    out.write(insert, 0, insert.length);
    out.write(content, end, content.length - end);
    return out.toByteArray();
  }
}
