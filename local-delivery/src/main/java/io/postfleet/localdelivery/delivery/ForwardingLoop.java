package io.postfleet.localdelivery.delivery;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.smtp.message.HeaderScan;

/**
 * Postfix local(8)'s loop check: a message that already carries our {@code Delivered-To:} for the
 * mailbox has been here before, forwarded back by an alias or a remote forward, and would go round
 * for ever; it bounces with 5.4.6 instead of reaching the mailbox again. A replay of the same job
 * is not a loop: the header is added when the file is written, never to the job's content.
 */
final class ForwardingLoop {
  private ForwardingLoop() {}

  static boolean detected(LocalDeliveryJob job) {
    return HeaderScan.of(job.content()).deliveredTo(job.mailbox());
  }

  static String detail(LocalDeliveryJob job) {
    return "mail forwarding loop for " + job.mailbox();
  }
}
