package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service's environment against what the service reads (its application.properties and
 * config mapping, parsed from the sources): what it needs is set, credentials come from Secrets,
 * no variable names a setting that does not exist, and its container ports are its listeners.
 */
class ServiceSettingsTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everySettingAServiceNeedsIsSet(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      for (String property : pod.config().requiredProperties()) {
        String env = ServiceConfig.envName(property);
        ContainerEnv.Source source = pod.env().get(env);
        assertNotNull(source,
            overlay + ": " + pod.module() + " needs " + property + " but its Deployment sets no " + env);
        assertTrue(source.fromSecret() || (source.value() != null && !source.value().isBlank()),
            overlay + ": " + pod.module() + " sets " + env + " to nothing");
        assertFalse(source.value() != null && source.value().contains("localhost"),
            overlay + ": " + pod.module() + " sets " + env + " to " + source.value()
                + ", which is no address in a pod");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void credentialsComeFromSecretKeysThatExist(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    var secrets = rendered.secrets();
    for (ServicePod pod : ServicePod.all(rendered)) {
      for (String property : pod.config().credentialProperties()) {
        if (!property.contains("*")) {
          assertNotNull(pod.env().get(ServiceConfig.envName(property)),
              overlay + ": " + pod.module() + " keeps the built-in " + property);
        }
      }
      pod.env().forEach((env, source) -> {
        if (!pod.config().credentialProperties().contains(pod.config().property(env))) {
          return;
        }
        String what = overlay + ": " + pod.module() + " " + env;
        assertTrue(source.fromSecret(), what + " is a literal, not a Secret reference");
        assertTrue(secrets.containsKey(source.secretName()),
            what + " reads Secret " + source.secretName() + ", which is not defined");
        assertTrue(secrets.get(source.secretName()).contains(source.secretKey()),
            what + " reads key " + source.secretKey() + ", which Secret " + source.secretName() + " lacks");
      });
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyVariableNamesASettingTheServiceOrItsKafkaClientHas(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      for (String env : pod.env().keySet()) {
        String what = overlay + ": " + pod.module() + " sets " + env;
        if (env.startsWith("POSTFLEET_") || env.startsWith("QUARKUS_")) {
          assertTrue(pod.config().reads(env), what + ", a setting it does not have");
        } else if (env.startsWith("KAFKA_")) {
          String client = env.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
          assertTrue(pod.config().reads(env) || KafkaFacts.isClientSetting(client),
              what + ": " + client + " is no Kafka client setting");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void containerPortsAreExactlyTheListenersTheServiceIsConfiguredWith(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      Map<String, String> listeners = pod.config().listenerPorts();
      List<ContainerPort> ports = pod.container().getPorts();
      assertEquals(listeners.size(), ports.size(),
          overlay + ": " + pod.module() + " ports " + ports + " for listeners " + listeners);
      listeners.forEach((name, property) -> {
        ContainerPort port = pod.port(name).orElseThrow(
            () -> new AssertionError(
                overlay + ": " + pod.module() + " has no container port named " + name + " for " + property));
        assertEquals(Integer.parseInt(pod.effective(property)), port.getContainerPort(),
            overlay + ": " + pod.module() + " port " + name + " is not " + property);
      });
    }
  }
}
