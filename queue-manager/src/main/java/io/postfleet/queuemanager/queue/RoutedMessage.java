package io.postfleet.queuemanager.queue;

import io.postfleet.contract.InboundMessage;
import java.util.List;

/**
 * A message the router has just planned, with each final recipient: the first record of it in the
 * queue view.
 */
public record RoutedMessage(InboundMessage message, List<Recipient> recipients) {

  /**
   * @param address the address delivery will be attempted to, as its results will name it
   * @param originalRecipient the recipient as the client gave it at RCPT
   * @param state {@link RecipientState#IN_FLIGHT}, {@link RecipientState#BOUNCED} when routing refused it,
   *     or {@link RecipientState#HELD} when its message is quarantined
   */
  public record Recipient(String address, String originalRecipient, RecipientState state) {}
}
