package io.postfleet.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A service module as one overlay deploys it: its Deployment, its container and environment. */
record ServicePod(String module, Deployment deployment, Container container,
    Map<String, ContainerEnv.Source> env, ServiceConfig config) {

  static ServicePod of(Rendered rendered, String module) {
    Deployment deployment = rendered.get(Deployment.class, module);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(module)).findFirst()
        .orElseThrow(
            () -> new AssertionError(rendered.overlay + ": Deployment " + module + " has no container " + module));
    return new ServicePod(module, deployment, container, ContainerEnv.of(container, rendered),
        ServiceConfig.of(module));
  }

  static List<ServicePod> all(Rendered rendered) {
    return Repo.serviceModules().stream().map(m -> of(rendered, m)).toList();
  }

  Map<String, String> envValues() {
    return ContainerEnv.values(env);
  }

  String effective(String property) {
    return config.effectiveValue(property, envValues());
  }

  Optional<ContainerPort> port(String name) {
    return container.getPorts() == null
        ? Optional.empty()
        : container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst();
  }

  /** Whether a listener runs: its {@code enabled} setting, for listeners that have one. */
  boolean listenerEnabled(String listener) {
    return config.listenerSetting(listener, "enabled").map(p -> Boolean.parseBoolean(effective(p))).orElse(true);
  }

  int httpPort() {
    return Integer.parseInt(effective("quarkus.http.port"));
  }

  Map<String, String> podLabels() {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** Whether a label selector (matchLabels and In/NotIn/Exists expressions) selects these pods. */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null
        && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    if (selector.getMatchExpressions() == null) {
      return true;
    }
    return selector.getMatchExpressions().stream().allMatch(e -> {
      String value = labels.get(e.getKey());
      switch (e.getOperator()) {
        case "In" :
          return value != null && e.getValues().contains(value);
        case "NotIn" :
          return value == null || !e.getValues().contains(value);
        case "Exists" :
          return value != null;
        case "DoesNotExist" :
          return value == null;
        default :
          throw new IllegalArgumentException("unknown selector operator " + e.getOperator());
      }
    });
  }
}
