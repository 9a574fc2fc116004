package io.postfleet.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One delivery to one destination on {@link Topics#DELIVERY_RELAY}, keyed by {@link #nextHop()}:
 * all recipients of a message that share the next hop travel together, as Postfix's qmgr groups them.
 *
 * @param queueId the queue id of the message
 * @param mailFrom the envelope sender, empty for the null sender
 * @param nextHop a domain to resolve by MX, or {@code [host]:port} to connect to without MX lookup
 * @param recipients the recipients for this next hop
 * @param options the client's ESMTP parameters: what the message needs of the next hop (8BITMIME,
 *     SMTPUTF8) and the DSN request to pass on
 * @param queuedAt when the message was accepted: its age decides when retrying ends
 * @param attempts how many delivery attempts this job's recipients have had already (0 for the first)
 * @param content the message bytes as in {@link InboundMessage#content()}
 */
public record RelayDeliveryJob(
    String queueId, String mailFrom, String nextHop, List<Recipient> recipients, EsmtpOptions options,
    Instant queuedAt, int attempts, byte[] content) {

  public RelayDeliveryJob {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    Objects.requireNonNull(nextHop, "nextHop");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(queuedAt, "queuedAt");
    Objects.requireNonNull(content, "content");
  }

  /**
   * @param address the address to give at RCPT
   * @param originalRecipient the recipient as the client gave it at RCPT (before alias expansion)
   */
  public record Recipient(String address, String originalRecipient) {
    public Recipient {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(originalRecipient, "originalRecipient");
    }
  }
}
