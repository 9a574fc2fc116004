package io.postfleet.queuemanager.bounce;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes the delivery status notification for failed recipients (RFC 3464 multipart/report), as
 * Postfix's bounce(8) does: a readable part, the per-recipient delivery-status fields, and the
 * original message (RET=FULL, or by default when it is small) or its headers (RET=HDRS, or larger
 * messages). One notification covers every failure given, so recipients that fail together get one.
 * Mail from the null sender that cannot be delivered (a bounce that bounced) goes to the postmaster
 * once, as Postfix's double bounce; a double bounce that fails is only logged, so nothing loops.
 */
public final class DsnComposer {
  /** Postfix's bounce_size_limit: larger originals are returned as headers only. */
  static final int FULL_RETURN_LIMIT = 50_000;
  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Queue ids from smtp-ingress are upper case: a lower-case tail can only be ours. */
  private static final Pattern DOUBLE_BOUNCE_ID = Pattern.compile(".*d[0-9a-f]{8}");

  private final String hostname;
  private final String postmaster;

  /**
   * @param hostname the reporting MTA's name
   * @param postmaster who gets double bounces
   */
  public DsnComposer(String hostname, String postmaster) {
    this.hostname = hostname;
    this.postmaster = postmaster;
  }

  /** The notification to send, or null when nobody is to be told (a failed double bounce, NOTIFY=NEVER...). */
  public InboundMessage compose(ReturnedMail mail, Instant now) {
    boolean doubleBounce = mail.sender().isEmpty();
    if (doubleBounce && DOUBLE_BOUNCE_ID.matcher(mail.queueId()).matches()) {
      return null;
    }
    String recipient = doubleBounce ? postmaster : mail.sender();
    List<Failure> reported = new ArrayList<>();
    for (Failure f : mail.failures()) {
      EsmtpOptions.RecipientDsn dsn = mail.options().recipientDsn().get(f.originalRecipient());
      if (dsn == null || dsn.notifyOn().isEmpty() || dsn.notifyOn().contains(EsmtpOptions.Notify.FAILURE)) {
        reported.add(f);
      }
    }
    if (reported.isEmpty()) {
      return null;
    }
    String id = notificationId(mail.queueId(), reported, doubleBounce ? "d" : "b");
    String boundary = id + "/" + hostname;
    StringBuilder m = new StringBuilder();
    m.append("From: MAILER-DAEMON@").append(hostname).append(" (Mail Delivery System)\r\n");
    m.append("To: ").append(recipient).append("\r\n");
    m.append(doubleBounce ? "Subject: Postmaster Copy: Undelivered Mail\r\n"
        : "Subject: Undelivered Mail Returned to Sender\r\n");
    m.append("Date: ").append(RFC5322.format(now)).append("\r\n");
    m.append("Message-Id: <").append(id).append("@").append(hostname).append(">\r\n");
    m.append("Auto-Submitted: auto-replied\r\n");
    m.append("MIME-Version: 1.0\r\n");
    m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
    m.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");
    m.append("--").append(boundary).append("\r\nContent-Description: Notification\r\n");
    m.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    m.append("This is the mail system at host ").append(hostname).append(".\r\n\r\n");
    m.append("I'm sorry to have to inform you that your message could not\r\n");
    m.append("be delivered to one or more recipients. It's attached below.\r\n\r\n");
    for (Failure f : reported) {
      m.append("<").append(f.recipient()).append(">: ").append(f.diagnostic()).append("\r\n");
    }
    m.append("\r\n--").append(boundary).append("\r\nContent-Description: Delivery report\r\n");
    m.append("Content-Type: message/delivery-status\r\n\r\n");
    m.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
    m.append("X-Postfleet-Queue-ID: ").append(mail.queueId()).append("\r\n");
    if (!mail.options().envelopeId().isEmpty()) {
      m.append("Original-Envelope-Id: ").append(mail.options().envelopeId()).append("\r\n");
    }
    m.append("Arrival-Date: ").append(RFC5322.format(mail.arrival())).append("\r\n");
    for (Failure f : reported) {
      m.append("\r\nFinal-Recipient: rfc822; ").append(f.recipient()).append("\r\n");
      EsmtpOptions.RecipientDsn dsn = mail.options().recipientDsn().get(f.originalRecipient());
      if (dsn != null && !dsn.originalRecipient().isEmpty()) {
        m.append("Original-Recipient: ").append(dsn.originalRecipient().replaceFirst(";", "; ")).append("\r\n");
      } else if (!f.originalRecipient().equals(f.recipient())) {
        m.append("Original-Recipient: rfc822; ").append(f.originalRecipient()).append("\r\n");
      }
      m.append("Action: failed\r\nStatus: ").append(f.status()).append("\r\n");
      if (!f.remoteMta().isEmpty()) {
        m.append("Remote-MTA: dns; ").append(host(f.remoteMta())).append("\r\n");
        m.append("Diagnostic-Code: smtp; ").append(f.diagnostic()).append("\r\n");
      } else {
        m.append("Diagnostic-Code: X-Postfleet; ").append(f.diagnostic()).append("\r\n");
      }
    }
    byte[] original = mail.content();
    boolean full = mail.options().ret() == EsmtpOptions.DsnReturn.FULL
        || mail.options().ret() == EsmtpOptions.DsnReturn.DEFAULT && original.length <= FULL_RETURN_LIMIT;
    m.append("\r\n--").append(boundary).append("\r\n");
    m.append(full ? "Content-Description: Undelivered Message\r\nContent-Type: message/rfc822\r\n\r\n"
        : "Content-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n");
    byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = full ? original : headersOf(original);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[head.length + body.length + tail.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(body, 0, content, head.length, body.length);
    System.arraycopy(tail, 0, content, head.length + body.length, tail.length);
    Envelope envelope = new Envelope(id, "", List.of(recipient), "127.0.0.1", "localhost", hostname, "LOCAL", "",
        "", now, content.length, EsmtpOptions.NONE);
    return new InboundMessage(envelope, content);
  }

  /** The original's header section, up to and including the empty line that ends it. */
  static byte[] headersOf(byte[] message) {
    for (int i = 0; i + 3 < message.length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
        byte[] headers = new byte[i + 2];
        System.arraycopy(message, 0, headers, 0, i + 2);
        return headers;
      }
    }
    return message;
  }

  private static String host(String relay) {
    int bracket = relay.indexOf('[');
    return bracket > 0 ? relay.substring(0, bracket) : relay;
  }

  /**
   * The notification's own queue id: the same for the same failures of the same message, so a
   * replayed batch produces the same notification, which local delivery stores once.
   */
  static String notificationId(String queueId, List<Failure> failures, String kind) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Failure f : failures) {
        sha.update(f.recipient().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      String suffix = HexFormat.of().formatHex(sha.digest(), 0, 4);
      String base = queueId.length() > 22 ? queueId.substring(0, 22) : queueId;
      return base + kind + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
