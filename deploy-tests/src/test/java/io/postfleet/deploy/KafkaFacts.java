package io.postfleet.deploy;

import io.postfleet.contract.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka side of the contract, read from the code: topics, record size, partitions, groups. */
final class KafkaFacts {
  private static final Pattern PARTITIONS = Pattern.compile("\\bPARTITIONS\\s*=\\s*(\\d+)\\s*;");
  private static final Pattern CONSUMER = Pattern.compile("DurableKafka\\.consumer\\([^,]+,\\s*(\"([^\"]+)\"|(\\w+))");

  private KafkaFacts() {}

  /** The topic names of contract {@link Topics}. */
  static List<String> topics() {
    List<String> topics = new ArrayList<>();
    for (Field field : Topics.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          topics.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return topics;
  }

  static int maxRecordBytes() {
    return Topics.MAX_RECORD_BYTES;
  }

  /** The partitions of every topic, as devstack creates them (DESIGN.md: 12 by default). */
  static int partitions() {
    String source = Repo.read(Repo.ROOT.resolve("devstack/src/main/java/io/postfleet/devstack/PostfleetTopics.java"));
    Matcher m = PARTITIONS.matcher(source);
    if (!m.find()) {
      throw new IllegalStateException("PostfleetTopics declares no PARTITIONS");
    }
    return Integer.parseInt(m.group(1));
  }

  /** The consumer group ids a module's sources pass to DurableKafka.consumer, constants resolved. */
  static Set<String> consumerGroups(String module) {
    Set<String> groups = new LinkedHashSet<>();
    for (var file : Repo.mainSources(module)) {
      String source = Repo.read(file);
      Matcher m = CONSUMER.matcher(source);
      while (m.find()) {
        groups.add(m.group(2) != null ? m.group(2) : constant(module, m.group(3)));
      }
    }
    return groups;
  }

  /** Whether a setting name is one a Kafka producer, consumer or admin client knows. */
  static boolean isClientSetting(String name) {
    return ProducerConfig.configNames().contains(name)
        || ConsumerConfig.configNames().contains(name)
        || AdminClientConfig.configNames().contains(name);
  }

  private static String constant(String module, String name) {
    Pattern declaration = Pattern.compile("\\bString\\s+" + name + "\\s*=\\s*\"([^\"]+)\"");
    for (var file : Repo.mainSources(module)) {
      Matcher m = declaration.matcher(Repo.read(file));
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new IllegalStateException(module + " passes " + name + " as a group id but declares no such constant");
  }
}
