package io.postfleet.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a container will see, resolved against the rendered ConfigMaps and Secrets:
 * each variable with where its value comes from. envFrom first, then env, which wins (as kubelet
 * does it).
 */
final class ContainerEnv {
  /** Where one variable's value comes from; {@code value} is known for literals and ConfigMaps. */
  record Source(String value, String secretName, String secretKey) {
    boolean fromSecret() {
      return secretName != null;
    }
  }

  private ContainerEnv() {}

  static Map<String, Source> of(Container container, Rendered rendered) {
    Map<String, Source> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          String name = from.getConfigMapRef().getName();
          rendered.configMapData(name).orElseThrow(() -> new AssertionError(
              rendered.overlay + ": " + container.getName() + " takes its environment from ConfigMap "
                  + name + ", which is not defined"))
              .forEach((k, v) -> env.put(prefix + k, new Source(v, null, null)));
        }
        if (from.getSecretRef() != null) {
          String name = from.getSecretRef().getName();
          var keys = rendered.secrets().get(name);
          if (keys == null) {
            throw new AssertionError(rendered.overlay + ": " + container.getName()
                + " takes its environment from Secret " + name + ", which is not defined");
          }
          keys.forEach(k -> env.put(prefix + k, new Source(null, name, k)));
        }
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        env.put(var.getName(), source(var, container, rendered));
      }
    }
    return env;
  }

  /** Literal and ConfigMap values only: what the config checks can compute with. */
  static Map<String, String> values(Map<String, Source> env) {
    Map<String, String> values = new LinkedHashMap<>();
    env.forEach((k, s) -> {
      if (s.value() != null) {
        values.put(k, s.value());
      }
    });
    return values;
  }

  private static Source source(EnvVar var, Container container, Rendered rendered) {
    if (var.getValueFrom() == null) {
      return new Source(var.getValue() == null ? "" : var.getValue(), null, null);
    }
    var ref = var.getValueFrom();
    if (ref.getSecretKeyRef() != null) {
      return new Source(null, ref.getSecretKeyRef().getName(), ref.getSecretKeyRef().getKey());
    }
    if (ref.getConfigMapKeyRef() != null) {
      String name = ref.getConfigMapKeyRef().getName();
      String key = ref.getConfigMapKeyRef().getKey();
      String value = rendered.configMapData(name).map(d -> d.get(key)).orElseThrow(() -> new AssertionError(
          rendered.overlay + ": " + container.getName() + " reads " + var.getName() + " from ConfigMap "
              + name + " key " + key + ", which is not defined"));
      return new Source(value, null, null);
    }
    // fieldRef and resourceFieldRef: known to the kubelet, not to this test.
    return new Source(null, null, null);
  }
}
