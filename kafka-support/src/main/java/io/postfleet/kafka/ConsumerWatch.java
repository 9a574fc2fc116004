package io.postfleet.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The consumer loops of a service, watched for a record that waits too long for its commit: each
 * gets the gauge {@code postfleet_consumer_oldest_uncommitted_age_seconds{group,topic}}, and
 * {@link #stuck()} lists those past the limit, for the service's readiness check. A loop past it is
 * stuck on a record (retrying a transient failure, or a handler that does not return), while its
 * partitions' mail waits behind it.
 */
public final class ConsumerWatch {
  private final MeterRegistry registry;
  private final Duration stuckAfter;
  private final List<BatchConsumerLoop> loops = new CopyOnWriteArrayList<>();

  public ConsumerWatch(MeterRegistry registry, Duration stuckAfter) {
    this.registry = registry;
    this.stuckAfter = stuckAfter;
  }

  public void watch(BatchConsumerLoop loop) {
    loops.add(loop);
    Gauge.builder("postfleet.consumer.oldest.uncommitted.age", loop, l -> l.oldestUncommittedAge().toNanos() / 1e9)
        .description("How long the oldest record this consumer fetched has waited for its offset commit")
        .baseUnit("seconds")
        .tag("group", loop.group())
        .tag("topic", loop.topic())
        .strongReference(true)
        .register(registry);
  }

  public List<BatchConsumerLoop> loops() {
    return List.copyOf(loops);
  }

  /** The loops whose oldest uncommitted record is older than the limit. */
  public List<BatchConsumerLoop> stuck() {
    return loops.stream().filter(l -> l.oldestUncommittedAge().compareTo(stuckAfter) > 0).toList();
  }

  public Duration stuckAfter() {
    return stuckAfter;
  }
}
