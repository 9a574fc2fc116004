package io.postfleet.smtpingress.queue;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import io.postfleet.kafka.DurableKafka;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Kafka publisher's bounds, without a broker: its settings are ones the Kafka client accepts,
 * and a peer that accepts connections but never answers (a hung broker) yields a failure within the
 * publish timeout, never a hang. Publishing to a real broker is covered by the system tests.
 */
class KafkaMessagePublisherTimeoutTest {

  @Test
  void producerSettingsAreAcceptedForShortAndLongTimeouts() {
    for (Duration timeout : List.of(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofMinutes(2))) {
      // The Kafka client refuses inconsistent timeouts in its constructor.
      new KafkaMessagePublisher(DurableKafka.at("127.0.0.1:9"), timeout).close();
    }
  }

  @Test
  void unresponsiveBrokerFailsThePublishWithinTheTimeout() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(blackHole.accept());
          }
        } catch (Exception closed) {
          // test over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();

      Duration timeout = Duration.ofSeconds(1);
      try (KafkaMessagePublisher publisher = new KafkaMessagePublisher(
          DurableKafka.at("127.0.0.1:" + blackHole.getLocalPort()), timeout)) {
        long started = System.nanoTime();
        PublishFailedException e = assertThrows(PublishFailedException.class,
            () -> publisher.publish(message()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
        assertTrue(took.compareTo(Duration.ofMillis(900)) > 0, "gave up before the timeout: " + took);
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  private static InboundMessage message() {
    Envelope envelope = new Envelope("0ABCDEFGHIJKLMNO", "a@x.test", List.of("b@y.test"), "127.0.0.1",
        "unknown", "x.test", "ESMTP", "", "", Instant.now(), 4, EsmtpOptions.NONE, "");
    return new InboundMessage(envelope, "hi\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
