package io.postfleet.queuemanager.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DurableKafka;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes what the delivery services would, and reads the notifications queue-manager sends. */
public final class NotificationsOnKafka {
  private final String bootstrap;

  public NotificationsOnKafka(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /** Sends these values to postfleet.delivery.results in order, keyed by the queue id, and waits for the acks. */
  public void publishResults(String queueId, byte[]... values) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(Topics.DELIVERY_RESULTS, queueId, value)).get();
      }
    }
  }

  /**
   * Every notification about this message of this kind on postfleet.inbound, read from the start
   * for {@code window}: their queue ids (the record keys) are the message's followed by the kind's
   * letter ({@code b}, {@code d}, {@code w}, {@code s}; {@code [a-z]} for any).
   */
  public List<InboundMessage> notifications(String queueId, String kindLetter, Duration window) {
    List<InboundMessage> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(Topics.INBOUND));
      long deadline = System.nanoTime() + window.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (r.key() != null && r.key().matches(queueId + kindLetter + "[0-9a-f]{8}")) {
            found.add(WireFormat.decodeInbound(r.value())); // other tests put garbage on the topic
          }
        }
      }
    }
    return found;
  }

  /** The notification parsed as MIME: multipart/report with the three parts of RFC 3464 §2. */
  public static Report parse(InboundMessage notification) throws IOException {
    Message message = new DefaultMessageBuilder().parseMessage(new ByteArrayInputStream(notification.content()));
    assertEquals("multipart/report", message.getMimeType());
    assertEquals("delivery-status",
        message.getHeader().getField("Content-Type").getBody().replaceAll("(?s).*report-type=([a-z-]+).*", "$1"));
    Multipart parts = (Multipart) message.getBody();
    assertEquals(3, parts.getBodyParts().size());
    return new Report(message.getSubject(), text(parts.getBodyParts().get(0)),
        parts.getBodyParts().get(1).getMimeType(), text(parts.getBodyParts().get(1)),
        parts.getBodyParts().get(2).getMimeType(), text(parts.getBodyParts().get(2)));
  }

  private static String text(Entity part) throws IOException {
    try (InputStream in = ((SingleBody) part.getBody()).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The parts of a delivery status notification, as text. */
  public record Report(String subject, String readable, String statusType, String status, String returnedType,
      String returned) {}
}
