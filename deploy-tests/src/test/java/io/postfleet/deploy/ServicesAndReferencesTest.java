package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names that must meet: every Service selects pods that have the ports it targets; every ConfigMap,
 * Secret (with its keys) and claim a pod or an autoscaler refers to is defined by the overlay or by
 * an operator resource in it. The public SMTP Service maps 25, 587 and 465 to running listeners and
 * keeps client addresses.
 */
class ServicesAndReferencesTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyServiceSelectsPodsThatListenOnItsTargetPorts(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    for (Service service : rendered.all(Service.class)) {
      String what = overlay + ": Service " + service.getMetadata().getName();
      LabelSelector selector = new LabelSelector(null, service.getSpec().getSelector());
      List<PodTemplateSpec> pods = rendered.podTemplates().values().stream()
          .filter(t -> ServicePod.selects(selector, t.getMetadata().getLabels())).toList();
      assertFalse(pods.isEmpty(), what + " selects no pod");
      for (ServicePort port : service.getSpec().getPorts()) {
        for (PodTemplateSpec pod : pods) {
          assertTrue(listensOn(pod, port.getTargetPort()), what + " port " + port.getPort()
              + " targets " + port.getTargetPort() + ", which its pods do not declare");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void thePublicSmtpServiceMapsTheWellKnownPortsToRunningListenersAndKeepsClientAddresses(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    Service smtp = rendered.get(Service.class, "smtp-ingress");
    assertEquals("LoadBalancer", smtp.getSpec().getType());
    assertEquals("Local", smtp.getSpec().getExternalTrafficPolicy());
    Map<Integer, String> published = new TreeMap<>();
    for (ServicePort port : smtp.getSpec().getPorts()) {
      assertNotNull(port.getTargetPort().getStrVal(), overlay + ": smtp-ingress port " + port.getPort()
          + " targets a number, not the name of a listener's container port");
      published.put(port.getPort(), port.getTargetPort().getStrVal());
    }
    Map<Integer, String> expected = new TreeMap<>();
    SmtpListeners.names().forEach(name -> expected.put(SmtpListeners.wellKnownPort(name), name));
    assertEquals(expected, published, overlay + ": the load balancer publishes other ports than 25, 587 and 465 "
        + "on the SMTP listeners (never the HTTP port: metrics, health)");
    ServicePod pod = ServicePod.of(rendered, SmtpListeners.MODULE);
    published.forEach((port, listener) -> assertTrue(pod.listenerEnabled(listener),
        overlay + ": the load balancer publishes " + port + ", but smtp-ingress's " + listener + " listener is off"));
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyVolumeRefersToAConfigMapSecretOrClaimThatIsDefined(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    Map<String, Set<String>> secrets = rendered.secrets();
    for (var entry : rendered.podTemplates().entrySet()) {
      List<Volume> volumes = entry.getValue().getSpec().getVolumes();
      for (Volume volume : volumes == null ? List.<Volume>of() : volumes) {
        String what = overlay + ": " + entry.getKey() + " volume " + volume.getName();
        if (volume.getConfigMap() != null) {
          var data = rendered.configMapData(volume.getConfigMap().getName())
              .orElseThrow(() -> new AssertionError(what + " mounts an undefined ConfigMap"));
          keys(volume.getConfigMap().getItems())
              .forEach(k -> assertTrue(data.containsKey(k), what + " lacks key " + k));
        }
        if (volume.getSecret() != null) {
          var keys = secrets.get(volume.getSecret().getSecretName());
          assertTrue(keys != null,
              what + " mounts Secret " + volume.getSecret().getSecretName() + ", which is not defined");
          keys(volume.getSecret().getItems()).forEach(k -> assertTrue(keys.contains(k), what + " lacks key " + k));
        }
        if (volume.getPersistentVolumeClaim() != null) {
          assertTrue(
              rendered.find(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName()).isPresent(),
              what + " mounts an undefined claim");
        }
      }
      for (Container c : PodHardeningTest.containers(entry.getValue().getSpec())) {
        ContainerEnv.of(c, rendered).values().stream().filter(ContainerEnv.Source::fromSecret).forEach(s -> {
          assertTrue(secrets.containsKey(s.secretName()),
              overlay + ": " + entry.getKey() + " reads undefined Secret " + s.secretName());
          assertTrue(secrets.get(s.secretName()).contains(s.secretKey()),
              overlay + ": " + entry.getKey() + " reads key " + s.secretKey() + " that Secret " + s.secretName()
                  + " lacks");
        });
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void autoscalerCredentialsAreDefined(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    var secrets = rendered.secrets();
    for (GenericKubernetesResource auth : rendered.custom("TriggerAuthentication")) {
      for (Object ref : (List<?>) spec(auth).get("secretTargetRef")) {
        Map<?, ?> target = (Map<?, ?>) ref;
        assertTrue(
            secrets.containsKey(target.get("name")) && secrets.get(target.get("name")).contains(target.get("key")),
            overlay + ": TriggerAuthentication reads " + target + ", which no Secret provides");
      }
    }
    for (GenericKubernetesResource scaled : rendered.custom("ScaledObject")) {
      for (Object trigger : (List<?>) spec(scaled).get("triggers")) {
        Object ref = ((Map<?, ?>) trigger).get("authenticationRef");
        if (ref != null) {
          Object name = ((Map<?, ?>) ref).get("name");
          assertTrue(
              rendered.custom("TriggerAuthentication").stream().anyMatch(a -> a.getMetadata().getName().equals(name)),
              overlay + ": ScaledObject " + scaled.getMetadata().getName() + " uses undefined TriggerAuthentication "
                  + name);
        }
      }
    }
  }

  static Map<?, ?> spec(GenericKubernetesResource resource) {
    return (Map<?, ?>) resource.getAdditionalProperties().get("spec");
  }

  private static List<String> keys(List<KeyToPath> items) {
    return items == null ? List.of() : items.stream().map(KeyToPath::getKey).toList();
  }

  private static boolean listensOn(PodTemplateSpec pod, IntOrString target) {
    return pod.getSpec().getContainers().stream()
        .flatMap(c -> c.getPorts() == null ? Stream.empty() : c.getPorts().stream())
        .anyMatch(p -> target.getIntVal() != null
            ? target.getIntVal().equals(p.getContainerPort())
            : target.getStrVal().equals(p.getName()));
  }
}
