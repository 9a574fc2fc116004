package io.postfleet.outboundrelay.kafka;

import io.postfleet.contract.Topics;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.outboundrelay.config.RelayConfig;
import io.postfleet.outboundrelay.delivery.RelayDelivery;
import io.postfleet.outboundrelay.health.ConsumersReadiness;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Consumes {@link Topics#DELIVERY_RELAY} and commits a batch only after every result of it is in
 * Kafka: at-least-once, like Postfix's queue, which may also send a message twice after a crash.
 */
@Singleton
public class RelayJobConsumer {
  static final String GROUP_ID = "outbound-relay";

  private final Map<String, Object> kafka;
  private final RelayConfig config;
  private final RelayDelivery delivery;
  private final ResultPublisher publisher;
  private final ConsumersReadiness consumers;
  private ExecutorService executor;
  private BatchConsumerLoop loop;

  public RelayJobConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
      RelayConfig config, RelayDelivery delivery, ResultPublisher publisher, ConsumersReadiness consumers) {
    this.consumers = consumers;
    this.kafka = kafka;
    this.config = config;
    this.delivery = delivery;
    this.publisher = publisher;
  }

  void start(@Observes StartupEvent event) {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newFixedThreadPool(config.consumer().parallelism(),
        r -> new Thread(r, "relay-delivery-" + n.incrementAndGet()));
    Map<String, Object> settings = new HashMap<>(kafka);
    // A batch is committed when its slowest delivery ends, and SMTP stages may each take minutes
    // (smtp_data_done_timeout is 600s); Kafka's 5-minute default would evict a busy consumer and
    // hand its batch to another pod while it is still being delivered.
    settings.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 30 * 60 * 1000);
    BatchDelivery batches = new BatchDelivery(delivery, publisher, executor,
        new RecentRelayJobs(RecentRelayJobs.REMEMBERED));
    loop = new BatchConsumerLoop(DurableKafka.consumer(settings, GROUP_ID, config.consumer().maxPollRecords()),
        Topics.DELIVERY_RELAY, batches::deliver, publisher.deadLetters(),
        RelayConfig.Consumers.retries(config.consumers()));
    consumers.watch(loop);
    loop.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    if (loop != null) {
      loop.close();
      executor.shutdown();
    }
  }
}
