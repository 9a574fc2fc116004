package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replicas stay within what Kafka can use (a group gives each partition to one pod), each
 * autoscaled Deployment has one autoscaler, and KEDA watches the group and topic the service
 * really consumes, on the broker the service really uses.
 */
class ScalingTest {
  private static final List<String> AUTOSCALED = List.of("local-delivery", "outbound-relay");

  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void noKafkaConsumerScalesPastThePartitionCount(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    int partitions = KafkaFacts.partitions();
    for (ServicePod pod : ServicePod.all(rendered)) {
      if (KafkaFacts.consumerGroups(pod.module()).isEmpty()) {
        continue;
      }
      Integer replicas = pod.deployment().getSpec().getReplicas();
      assertTrue(replicas == null || replicas <= partitions,
          overlay + ": " + pod.module() + " runs " + replicas + " replicas");
      for (int max : maxReplicas(rendered, pod.module())) {
        assertTrue(max <= partitions,
            overlay + ": " + pod.module() + " may scale to " + max + " pods for " + partitions + " partitions");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void eachAutoscaledDeploymentHasExactlyOneAutoscalerAndNoReplicaCountOfItsOwn(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (Deployment deployment : rendered.all(Deployment.class)) {
      String name = deployment.getMetadata().getName();
      int autoscalers = maxReplicas(rendered, name).size();
      if (AUTOSCALED.contains(name)) {
        assertEquals(1, autoscalers, overlay + ": autoscalers of " + name);
        assertNull(deployment.getSpec().getReplicas(),
            overlay + ": " + name + " sets replicas, which every apply would force on its autoscaler");
      } else {
        assertEquals(0, autoscalers, overlay + ": " + name + " has an autoscaler");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void kedaWatchesTheGroupAndTopicTheServiceConsumesOnItsOwnBroker(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (GenericKubernetesResource scaled : rendered.custom("ScaledObject")) {
      Map<?, ?> spec = ServicesAndReferencesTest.spec(scaled);
      String module = String.valueOf(((Map<?, ?>) spec.get("scaleTargetRef")).get("name"));
      ServicePod pod = ServicePod.of(rendered, module);
      for (Object t : (List<?>) spec.get("triggers")) {
        Map<?, ?> trigger = (Map<?, ?>) t;
        if (!"kafka".equals(trigger.get("type"))) {
          continue;
        }
        Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
        String what = overlay + ": ScaledObject " + module;
        assertTrue(KafkaFacts.consumerGroups(module).contains(metadata.get("consumerGroup")),
            what + " watches group " + metadata.get("consumerGroup") + ", not one of "
                + KafkaFacts.consumerGroups(module));
        assertTrue(KafkaFacts.topics().contains(metadata.get("topic")),
            what + " watches unknown topic " + metadata.get("topic"));
        assertEquals(pod.envValues().get("KAFKA_BOOTSTRAP_SERVERS"), metadata.get("bootstrapServers"),
            what + " asks another broker than the service uses");
      }
    }
  }

  /** The maxReplicas of every HPA and ScaledObject that targets the Deployment. */
  private static List<Integer> maxReplicas(Rendered rendered, String deployment) {
    List<Integer> max = new ArrayList<>();
    for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
      if (hpa.getSpec().getScaleTargetRef().getName().equals(deployment)) {
        assertTrue(
            hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        max.add(hpa.getSpec().getMaxReplicas());
      }
    }
    for (GenericKubernetesResource scaled : rendered.custom("ScaledObject")) {
      Map<?, ?> spec = ServicesAndReferencesTest.spec(scaled);
      if (deployment.equals(((Map<?, ?>) spec.get("scaleTargetRef")).get("name"))) {
        int min = ((Number) spec.get("minReplicaCount")).intValue();
        int maxCount = ((Number) spec.get("maxReplicaCount")).intValue();
        assertTrue(min >= 1 && min <= maxCount, "ScaledObject " + deployment + " min " + min + " max " + maxCount);
        max.add(maxCount);
      }
    }
    return max;
  }
}
