package io.postfleet.outboundrelay.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while Kafka answers: without it no job arrives and no result can be made durable. The
 * broker is really asked (describeCluster), with a short timeout, and the answer is kept for a few
 * seconds so that frequent probes do not load the broker.
 */
@Readiness
@Singleton
public class KafkaReadinessCheck implements HealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration KEEP = Duration.ofSeconds(5);

  private final Map<String, Object> kafka;
  private AdminClient admin;
  private HealthCheckResponse last;
  private long lastAt;

  public KafkaReadinessCheck(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
    this.kafka = kafka;
  }

  @Override
  public synchronized HealthCheckResponse call() {
    if (last == null || System.nanoTime() - lastAt > KEEP.toNanos()) {
      last = probe();
      lastAt = System.nanoTime();
    }
    return last;
  }

  private HealthCheckResponse probe() {
    try {
      String clusterId = admin()
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .clusterId()
          .get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      return HealthCheckResponse.named("kafka").up().withData("clusterId", clusterId).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down(e);
    } catch (Exception e) {
      return down(e);
    }
  }

  private AdminClient admin() {
    if (admin == null) {
      Map<String, Object> config = new HashMap<>(kafka);
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
      config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "outbound-relay-health");
      admin = AdminClient.create(config);
    }
    return admin;
  }

  private static HealthCheckResponse down(Exception e) {
    return HealthCheckResponse.named("kafka").down()
        .withData("error", String.valueOf(e.getMessage())).build();
  }

  @PreDestroy
  synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
    }
  }
}
