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
 * Writes delivery status notifications (RFC 3464 multipart/report), as Postfix's bounce(8) does: a
 * readable part, the per-recipient delivery-status fields, and for failures the original message
 * (RET=FULL, or by default when it is small) or its headers (RET=HDRS, or larger messages); delay
 * warnings and success notices return the headers only. One notification covers every recipient
 * given, so recipients that fail, wait or arrive together are told of in one.
 * Mail from the null sender that cannot be delivered (a bounce that bounced) goes to the postmaster
 * once, as Postfix's double bounce; a double bounce that fails is only logged, so nothing loops.
 */
public final class DsnComposer {
  /** Postfix's bounce_size_limit: larger originals are returned as headers only. */
  static final int FULL_RETURN_LIMIT = 50_000;
  private static final DateTimeFormatter RFC5322 = DateTimeFormatter
      .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

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

  /** The non-delivery notification to send, or null when nobody is to be told (a failed double bounce, NOTIFY=NEVER...). */
  public InboundMessage compose(ReturnedMail mail, Instant now) {
    List<ReportedRecipient> failed = new ArrayList<>();
    for (Failure f : mail.failures()) {
      failed
          .add(new ReportedRecipient(f.recipient(), f.originalRecipient(), f.status(), f.remoteMta(), f.diagnostic()));
    }
    return compose(new StatusReport(DsnKind.FAILURE, mail.queueId(), mail.sender(), mail.arrival(), mail.options(),
        mail.content(), failed, null), now);
  }

  /**
   * The notification to send, or null when nobody is to be told: NOTIFY excludes every recipient, a
   * double bounce failed, or the sender is null and it is not a failure (RFC 5321 §4.5.5: nothing
   * is sent to the null sender; only a failed bounce goes to the postmaster, once).
   */
  public InboundMessage compose(StatusReport report, Instant now) {
    boolean doubleBounce = report.sender().isEmpty();
    if (doubleBounce && (report.kind() != DsnKind.FAILURE || DOUBLE_BOUNCE_ID.matcher(report.queueId()).matches())) {
      return null;
    }
    String recipient = doubleBounce ? postmaster : report.sender();
    List<ReportedRecipient> reported = new ArrayList<>();
    for (ReportedRecipient r : report.recipients()) {
      if (report.kind().wanted(report.options().recipientDsn().get(r.originalRecipient()))) {
        reported.add(r);
      }
    }
    if (reported.isEmpty()) {
      return null;
    }
    String id = notificationId(report.queueId(), reported.stream().map(ReportedRecipient::recipient).toList(),
        doubleBounce ? "d" : report.kind().idLetter());
    String boundary = id + "/" + hostname;
    StringBuilder m = new StringBuilder();
    m.append("From: MAILER-DAEMON@").append(hostname).append(" (Mail Delivery System)\r\n");
    m.append("To: ").append(recipient).append("\r\n");
    m.append("Subject: ").append(doubleBounce ? "Postmaster Copy: Undelivered Mail" : report.kind().subject())
        .append("\r\n");
    m.append("Date: ").append(RFC5322.format(now)).append("\r\n");
    m.append("Message-Id: <").append(id).append("@").append(hostname).append(">\r\n");
    m.append("Auto-Submitted: auto-replied\r\n");
    m.append("MIME-Version: 1.0\r\n");
    m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
        .append("\"\r\n");
    m.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");
    m.append("--").append(boundary).append("\r\nContent-Description: Notification\r\n");
    m.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
    m.append("This is the mail system at host ").append(hostname).append(".\r\n\r\n");
    m.append(report.kind().explanation(report.arrival(), report.willRetryUntil(), now)).append("\r\n");
    for (ReportedRecipient r : reported) {
      m.append("<").append(r.recipient()).append(">: ").append(r.diagnostic()).append("\r\n");
    }
    m.append("\r\n--").append(boundary).append("\r\nContent-Description: Delivery report\r\n");
    m.append("Content-Type: message/delivery-status\r\n\r\n");
    m.append("Reporting-MTA: dns; ").append(hostname).append("\r\n");
    m.append("X-Postfleet-Queue-ID: ").append(report.queueId()).append("\r\n");
    if (!report.options().envelopeId().isEmpty()) {
      m.append("Original-Envelope-Id: ").append(report.options().envelopeId()).append("\r\n");
    }
    m.append("Arrival-Date: ").append(RFC5322.format(report.arrival())).append("\r\n");
    for (ReportedRecipient r : reported) {
      appendRecipient(m, report, r);
    }
    byte[] original = report.content();
    // RFC 3461 §4.3: a notification that reports no failure returns the headers only.
    boolean full = report.kind() == DsnKind.FAILURE && (report.options().ret() == EsmtpOptions.DsnReturn.FULL
        || report.options().ret() == EsmtpOptions.DsnReturn.DEFAULT && original.length <= FULL_RETURN_LIMIT);
    m.append("\r\n--").append(boundary).append("\r\n");
    m.append("Content-Description: ").append(report.kind().returnedPart());
    m.append(
        full ? "\r\nContent-Type: message/rfc822\r\n\r\n" : " Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n");
    byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = full ? original : headersOf(original);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[head.length + body.length + tail.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(body, 0, content, head.length, body.length);
    System.arraycopy(tail, 0, content, head.length + body.length, tail.length);
    Envelope envelope = new Envelope(id, "", List.of(recipient), "127.0.0.1", "localhost", hostname, "LOCAL", "",
        "", now, content.length, EsmtpOptions.NONE, "");
    return new InboundMessage(envelope, content);
  }

  /** The per-recipient fields of RFC 3464 §2.3. */
  private static void appendRecipient(StringBuilder m, StatusReport report, ReportedRecipient r) {
    m.append("\r\nFinal-Recipient: rfc822; ").append(r.recipient()).append("\r\n");
    EsmtpOptions.RecipientDsn dsn = report.options().recipientDsn().get(r.originalRecipient());
    if (dsn != null && !dsn.originalRecipient().isEmpty()) {
      m.append("Original-Recipient: ").append(dsn.originalRecipient().replaceFirst(";", "; ")).append("\r\n");
    } else if (!r.originalRecipient().equals(r.recipient())) {
      m.append("Original-Recipient: rfc822; ").append(r.originalRecipient()).append("\r\n");
    }
    m.append("Action: ").append(report.kind().action(r)).append("\r\nStatus: ").append(r.status()).append("\r\n");
    if (!r.remoteMta().isEmpty()) {
      m.append("Remote-MTA: dns; ").append(host(r.remoteMta())).append("\r\n");
      m.append("Diagnostic-Code: smtp; ").append(r.diagnostic()).append("\r\n");
    } else {
      m.append("Diagnostic-Code: X-Postfleet; ").append(r.diagnostic()).append("\r\n");
    }
    if (report.willRetryUntil() != null) {
      m.append("Will-Retry-Until: ").append(RFC5322.format(report.willRetryUntil())).append("\r\n");
    }
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
   * The notification's own queue id: the same for the same kind and recipients of the same message,
   * so a replayed batch produces the same notification, which local delivery stores once.
   */
  static String notificationId(String queueId, List<String> recipients, String kind) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String recipient : recipients) {
        sha.update(recipient.getBytes(StandardCharsets.UTF_8));
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
