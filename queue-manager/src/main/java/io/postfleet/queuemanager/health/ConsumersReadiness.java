package io.postfleet.queuemanager.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.postfleet.kafka.BatchConsumerLoop;
import io.postfleet.kafka.ConsumerWatch;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Unready while a Kafka consumer's oldest uncommitted record has waited longer than
 * postfleet.consumers.stuck-after: the mail behind it waits too, and nothing else would say so.
 * Each consumer registers its loop here when it starts, which also exports its age as a metric;
 * hence {@code @Default} beside the {@code @Readiness} qualifier, so that consumers can inject it.
 */
@Readiness
@Default
@ApplicationScoped
public class ConsumersReadiness implements HealthCheck {
  private final ConsumerWatch watch;

  public ConsumersReadiness(MeterRegistry registry, QueueManagerConfig config) {
    this.watch = new ConsumerWatch(registry, config.consumers().stuckAfter());
  }

  public void watch(BatchConsumerLoop loop) {
    watch.watch(loop);
  }

  @Override
  public HealthCheckResponse call() {
    List<BatchConsumerLoop> stuck = watch.stuck();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-consumers").status(stuck.isEmpty())
        .withData("stuckAfterSeconds", watch.stuckAfter().toSeconds());
    for (BatchConsumerLoop loop : watch.loops()) {
      response.withData(loop.group() + " " + loop.topic() + " oldestUncommittedSeconds",
          loop.oldestUncommittedAge().toSeconds());
    }
    return response.build();
  }
}
