package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The topics and brokers the overlays bring agree with the contract: every topic exists with the
 * partition count the consumers scale to, and brokers and topics accept the largest record a
 * service may send (contract Topics.MAX_RECORD_BYTES). Production replicates each record to three
 * brokers and acknowledges it once two have it.
 */
class KafkaTopologyTest {
  @Test
  void devBrokerAcceptsTheLargestRecordAndCreatesNoTopicByAccident() {
    Properties broker = new Properties();
    try {
      broker.load(new StringReader(
          Kustomize.overlay("dev").configMapData("kafka-config").orElseThrow().get("server.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertTrue(Integer.parseInt(broker.getProperty("message.max.bytes")) >= KafkaFacts.maxRecordBytes());
    assertTrue(Integer.parseInt(broker.getProperty("replica.fetch.max.bytes")) >= KafkaFacts.maxRecordBytes());
    assertEquals("false", broker.getProperty("auto.create.topics.enable"));
  }

  @Test
  void devCreatesEveryTopicWithItsPartitionsAndRecordSize() {
    Job job = Kustomize.overlay("dev").get(Job.class, "kafka-topics");
    String script = String.join(" ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
    for (String topic : KafkaFacts.topics()) {
      assertTrue(script.contains(topic), "the kafka-topics Job does not create " + topic);
    }
    assertTrue(script.contains("--partitions " + KafkaFacts.partitions()), script);
    assertTrue(script.contains("max.message.bytes=" + KafkaFacts.maxRecordBytes()), script);
  }

  @Test
  void productionTopicsHaveThePartitionsReplicasAndRecordSizeTheServicesNeed() {
    Rendered rendered = Kustomize.overlay("production");
    for (String topic : KafkaFacts.topics()) {
      GenericKubernetesResource kafkaTopic = rendered.custom("KafkaTopic").stream()
          .filter(t -> t.getMetadata().getName().equals(topic)).findFirst()
          .orElseThrow(() -> new AssertionError("production has no KafkaTopic " + topic));
      Map<?, ?> spec = ServicesAndReferencesTest.spec(kafkaTopic);
      Map<?, ?> config = (Map<?, ?>) spec.get("config");
      assertEquals(KafkaFacts.partitions(), ((Number) spec.get("partitions")).intValue(), topic + " partitions");
      assertEquals(3, ((Number) spec.get("replicas")).intValue(), topic + " replicas");
      assertEquals(2, ((Number) config.get("min.insync.replicas")).intValue(), topic + " min.insync.replicas");
      assertTrue(((Number) config.get("max.message.bytes")).intValue() >= KafkaFacts.maxRecordBytes(),
          topic + " max.message.bytes");
    }
    GenericKubernetesResource kafka = rendered.custom("Kafka").get(0);
    Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) ServicesAndReferencesTest.spec(kafka).get("kafka")).get("config");
    assertTrue(((Number) config.get("message.max.bytes")).intValue() >= KafkaFacts.maxRecordBytes());
    assertTrue(((Number) config.get("replica.fetch.max.bytes")).intValue() >= KafkaFacts.maxRecordBytes());
    assertEquals(Boolean.FALSE, config.get("auto.create.topics.enable"));
  }

  @Test
  void inProductionEachServiceIsItsOwnKafkaUserOnTheOperatorsBootstrapService() {
    Rendered rendered = Kustomize.overlay("production");
    String cluster = rendered.custom("Kafka").get(0).getMetadata().getName();
    for (ServicePod pod : ServicePod.all(rendered)) {
      ContainerEnv.Source jaas = pod.env().get("KAFKA_SASL_JAAS_CONFIG");
      assertTrue(jaas != null && jaas.fromSecret(), pod.module() + " has no SASL credentials from a Secret");
      assertTrue(
          rendered.custom("KafkaUser").stream().anyMatch(u -> u.getMetadata().getName().equals(jaas.secretName())),
          pod.module() + " logs in with " + jaas.secretName() + ", which is no KafkaUser");
      assertEquals(pod.module(), jaas.secretName(), pod.module() + " logs in as another service");
      assertTrue(pod.envValues().get("KAFKA_BOOTSTRAP_SERVERS").startsWith(cluster + "-kafka-bootstrap:"),
          pod.module() + " does not reach Strimzi's bootstrap Service");
    }
  }

  @Test
  void inProductionTheDatabaseIsTheCloudNativePgClustersPrimary() {
    Rendered rendered = Kustomize.overlay("production");
    String cluster = rendered.custom("Cluster").get(0).getMetadata().getName();
    for (ServicePod pod : ServicePod.all(rendered)) {
      String url = pod.envValues().get("QUARKUS_DATASOURCE_JDBC_URL");
      if (url != null) {
        assertTrue(url.startsWith("jdbc:postgresql://" + cluster + "-rw:"), pod.module() + " connects to " + url);
        assertEquals(cluster + "-app", pod.env().get("QUARKUS_DATASOURCE_PASSWORD").secretName());
      }
    }
  }
}
