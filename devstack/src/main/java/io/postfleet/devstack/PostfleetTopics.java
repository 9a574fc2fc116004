package io.postfleet.devstack;

import io.postfleet.contract.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics of DESIGN.md on a broker; running it again changes nothing. */
public final class PostfleetTopics {
  /**
   * Partitions of every topic. A partition is consumed by one pod of a group at a time, so this
   * bounds how far each consumer scales: the delivery services, and queue-manager, which reads both
   * {@code inbound} and {@code delivery.results}.
   */
  public static final int PARTITIONS = 12;

  /**
   * Partitions of every topic in {@code ./postfleet up}: one broker that fsyncs every append, one
   * process of each service. The broker fsyncs each partition a produce request writes to, so ten
   * sessions' mail spread over 12 partitions costs up to ten fsyncs where one carries it all:
   * bench/run.sh 10000 10 1024 delivered 0.42x Postfix's rate with 12, 0.54x with 4, 0.69x with 1
   * (bench/README.md). The tests keep {@link #PARTITIONS}, as the deployments do.
   */
  public static final int LOCAL_PARTITIONS = 1;

  /** One broker locally; a cluster would use 3 with {@code min.insync.replicas} 2. */
  private static final short REPLICATION = 1;

  private PostfleetTopics() {}

  /** Creates the topics with {@link #PARTITIONS}; one that already exists is left as it is. */
  public static void create(String bootstrapServers) {
    create(bootstrapServers, PARTITIONS);
  }

  /** Creates the topics with {@code partitions} each; one that already exists is left as it is. */
  public static void create(String bootstrapServers, int partitions) {
    List<NewTopic> topics = List.of(
        Topics.INBOUND,
        Topics.DELIVERY_LOCAL,
        Topics.DELIVERY_RELAY,
        Topics.DELIVERY_RESULTS,
        Topics.DEAD_LETTERS)
        .stream()
        .map(
            name -> new NewTopic(name, partitions, REPLICATION)
                .configs(
                    Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        String.valueOf(Topics.MAX_RECORD_BYTES))))
        .toList();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      var results = admin.createTopics(topics).values();
      for (var entry : results.entrySet()) {
        awaitCreated(entry.getKey(), entry.getValue());
      }
    }
  }

  private static void awaitCreated(
      String topic, KafkaFuture<Void> created) {
    try {
      created.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topic, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }
}
