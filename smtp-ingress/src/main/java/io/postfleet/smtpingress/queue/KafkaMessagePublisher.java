package io.postfleet.smtpingress.queue;

import io.postfleet.contract.InboundMessage;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.smtpingress.config.IngressConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes to {@link Topics#INBOUND}, keyed by queue id, and waits for the acknowledgement within
 * the publish timeout. Sends from concurrent sessions are batched by the producer; each session
 * waits only for its own record. A singleton, not a proxied bean: it is built at startup with the
 * SMTP server that uses it, so a bad setting fails the start, not the first message.
 */
@Singleton
public class KafkaMessagePublisher implements MessagePublisher, AutoCloseable {
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final KafkaProducer<String, byte[]> producer;
  private final Duration timeout;

  @Inject
  KafkaMessagePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngressConfig config) {
    this(kafka, config.smtp().publishTimeout());
  }

  /** The publish timeout bounds the send and its acknowledgement: a dead broker means 451, not a hang. */
  public KafkaMessagePublisher(Map<String, Object> kafka, Duration timeout) {
    this.timeout = timeout;
    this.producer = DurableKafka.producer(kafka, "smtp-ingress", timeout);
  }

  @Override
  public void publish(InboundMessage message) throws PublishFailedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String queueId = message.envelope().queueId();
    Future<RecordMetadata> ack;
    try {
      ack = producer.send(new ProducerRecord<>(Topics.INBOUND, queueId, WireFormat.encode(message)));
    } catch (KafkaException e) {
      throw new PublishFailedException("send refused: " + e.getMessage(), e);
    }
    try {
      ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new PublishFailedException("no acknowledgement within " + timeout, e);
    } catch (ExecutionException e) {
      throw new PublishFailedException("send failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while waiting for the acknowledgement", e);
    }
  }

  @PreDestroy
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }
}
