package io.postfleet.outboundrelay.delivery;

import io.postfleet.contract.RelayDeliveryJob;

/** Turns a job's content into the exact bytes to send: as received, or with a signature header added. */
@FunctionalInterface
public interface MessageSigning {
  /** Sends the content as received. */
  MessageSigning NONE = RelayDeliveryJob::content;

  byte[] sign(RelayDeliveryJob job);
}
