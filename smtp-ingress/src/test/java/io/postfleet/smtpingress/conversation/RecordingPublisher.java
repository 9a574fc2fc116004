package io.postfleet.smtpingress.conversation;

import io.postfleet.contract.InboundMessage;
import io.postfleet.smtpingress.queue.MessagePublisher;
import io.postfleet.smtpingress.queue.PublishFailedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A publisher for SMTP-layer tests: keeps what it was given, or fails on demand the way the Kafka
 * publisher fails when the broker does not acknowledge in time. The Kafka publisher itself is
 * exercised against a real broker by the system tests.
 */
final class RecordingPublisher implements MessagePublisher {
  private final List<InboundMessage> published = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  void failing(boolean fail) {
    this.failing = fail;
  }

  List<InboundMessage> published() {
    return published;
  }

  @Override
  public void publish(InboundMessage message) throws PublishFailedException {
    if (failing) {
      throw new PublishFailedException("no acknowledgement within PT30S", null);
    }
    published.add(message);
  }
}
