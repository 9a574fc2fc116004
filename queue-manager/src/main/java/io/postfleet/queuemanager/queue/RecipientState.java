package io.postfleet.queuemanager.queue;

import io.postfleet.contract.DeliveryOutcome;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where one recipient of a queued message stands. The first three are Postfix's active, deferred
 * and hold queues; the last two are final and take the recipient out of the queue.
 */
public enum RecipientState {
  IN_FLIGHT,
  DEFERRED,
  HELD,
  DELIVERED,
  BOUNCED;

  /** The states mailq lists. */
  public static final Set<RecipientState> WAITING = EnumSet.of(IN_FLIGHT, DEFERRED, HELD);

  public static RecipientState of(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return DELIVERED;
    }
    return outcome instanceof DeliveryOutcome.Deferred ? DEFERRED : BOUNCED;
  }

  /** Reads a filter value as an API client types it: any case, {@code -} or {@code _}. */
  public static RecipientState parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
