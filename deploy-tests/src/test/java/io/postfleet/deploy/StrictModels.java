package io.postfleet.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed YAML document into fabric8's typed model, refusing any field the model does not
 * know. fabric8 collects unknown fields in {@code additionalProperties} through {@code
 * @JsonAnySetter}; this mapper ignores that annotation, so a misspelt or misplaced field (a probe
 * under the pod instead of the container, {@code readonlyRootFilesystem}) fails the parse.
 */
final class StrictModels {
  private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.ofEntries(
      Map.entry("v1/Namespace", Namespace.class),
      Map.entry("v1/ConfigMap", ConfigMap.class),
      Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Service", Service.class),
      Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
      Map.entry("apps/v1/Deployment", Deployment.class),
      Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("batch/v1/Job", Job.class),
      Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

  /** Custom resources of the operators the overlays build on; fabric8 has no model for them. */
  static final Set<String> OPERATOR_API_VERSIONS = Set.of(
      "keda.sh/v1alpha1", "kafka.strimzi.io/v1beta2", "postgresql.cnpg.io/v1", "cert-manager.io/v1");

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated annotated) {
          return Boolean.FALSE;
        }
      })
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper LENIENT = new ObjectMapper();

  private StrictModels() {}

  /** The typed object, or a GenericKubernetesResource for an operator's custom resource. */
  static HasMetadata parse(Map<String, Object> document) {
    String apiVersion = String.valueOf(document.get("apiVersion"));
    String kind = String.valueOf(document.get("kind"));
    Class<? extends HasMetadata> type = TYPED.get(apiVersion + "/" + kind);
    if (type != null) {
      return MAPPER.convertValue(document, type);
    }
    if (OPERATOR_API_VERSIONS.contains(apiVersion)) {
      return LENIENT.convertValue(document, GenericKubernetesResource.class);
    }
    throw new IllegalArgumentException("no model for " + apiVersion + " " + kind
        + ": add it to StrictModels, with the checks it needs");
  }
}
