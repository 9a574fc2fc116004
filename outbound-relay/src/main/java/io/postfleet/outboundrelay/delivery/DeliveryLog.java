package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;

/** One maillog line per recipient, as Postfix's smtp writes it. */
final class DeliveryLog {
  private static final Logger LOG = Logger.getLogger("io.postfleet.outboundrelay.maillog");

  void record(String queueId, Recipient recipient, DeliveryOutcome outcome, Duration delay) {
    String text = line(queueId, recipient, outcome, delay);
    if (outcome instanceof DeliveryOutcome.Delivered) {
      LOG.info(text);
    } else {
      LOG.warn(text);
    }
  }

  /**
   * E.g. {@code 3F2A1B: to=<a@b>, relay=mx.b[192.0.2.1]:25, delay=0.12, dsn=2.0.0, status=sent (250
   * 2.0.0 Ok)}, with {@code orig_to=<...>} after {@code to} when an alias was expanded.
   */
  static String line(String queueId, Recipient recipient, DeliveryOutcome outcome, Duration delay) {
    StringBuilder line = new StringBuilder(160)
        .append(queueId).append(": to=<").append(recipient.address()).append('>');
    if (!recipient.originalRecipient().equalsIgnoreCase(recipient.address())) {
      line.append(", orig_to=<").append(recipient.originalRecipient()).append('>');
    }
    return line.append(", relay=").append(outcome.relay())
        .append(", delay=").append(String.format(Locale.ROOT, "%.2f", delay.toMillis() / 1000.0))
        .append(", dsn=").append(outcome.dsnStatus())
        .append(", status=").append(outcome.statusWord())
        .append(" (").append(outcome.detail()).append(')')
        .toString();
  }
}
