package io.postfleet.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rendered overlay: its objects, typed, and the look-ups the checks need. */
final class Rendered {
  final String overlay;
  final List<Map<String, Object>> documents;
  final List<HasMetadata> objects = new ArrayList<>();

  Rendered(String overlay, List<Map<String, Object>> documents) {
    this.overlay = overlay;
    this.documents = documents;
    for (Map<String, Object> document : documents) {
      try {
        objects.add(StrictModels.parse(document));
      } catch (IllegalArgumentException e) {
        throw new AssertionError(overlay + ": " + describe(document) + " does not parse: " + e.getMessage(), e);
      }
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(
        () -> new AssertionError(overlay + " has no " + type.getSimpleName() + " " + name));
  }

  /** Custom resources of one kind (ScaledObject, KafkaTopic, ...). */
  List<GenericKubernetesResource> custom(String kind) {
    return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
  }

  /** Every workload's pod template by "Kind/name": Deployments, StatefulSets and Jobs. */
  Map<String, PodTemplateSpec> podTemplates() {
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    all(Deployment.class)
        .forEach(d -> templates.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
    all(StatefulSet.class)
        .forEach(s -> templates.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
    all(Job.class).forEach(j -> templates.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
    return templates;
  }

  Optional<Map<String, String>> configMapData(String name) {
    return find(ConfigMap.class, name).map(cm -> cm.getData() == null ? Map.of() : cm.getData());
  }

  /**
   * Secrets that will exist once applied: the rendered ones and those the operators' resources
   * make (Strimzi: a Secret per KafkaUser and the cluster CA; CloudNativePG: {@code <cluster>-app};
   * cert-manager: a Certificate's secretName). Name to its keys; null keys mean "not known here".
   */
  Map<String, Set<String>> secrets() {
    Map<String, Set<String>> secrets = new LinkedHashMap<>();
    for (Secret secret : all(Secret.class)) {
      Set<String> keys = new LinkedHashSet<>();
      if (secret.getData() != null) {
        keys.addAll(secret.getData().keySet());
      }
      if (secret.getStringData() != null) {
        keys.addAll(secret.getStringData().keySet());
      }
      secrets.put(secret.getMetadata().getName(), keys);
    }
    custom("KafkaUser").forEach(u -> secrets.put(u.getMetadata().getName(), Set.of("password", "sasl.jaas.config")));
    custom("Kafka").forEach(
        k -> secrets.put(k.getMetadata().getName() + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password")));
    custom("Cluster").forEach(c -> secrets.put(c.getMetadata().getName() + "-app",
        Set.of("username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass")));
    custom("Certificate").forEach(c -> secrets.put(
        String.valueOf(((Map<?, ?>) c.getAdditionalProperties().get("spec")).get("secretName")),
        Set.of("tls.crt", "tls.key", "ca.crt")));
    return secrets;
  }

  static String describe(Map<String, Object> document) {
    Object metadata = document.get("metadata");
    Object name = metadata instanceof Map ? ((Map<?, ?>) metadata).get("name") : null;
    return document.get("kind") + " " + name;
  }
}
