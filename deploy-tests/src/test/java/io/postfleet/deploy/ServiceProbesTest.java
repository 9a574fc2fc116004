package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Quarkus services as deployed: SmallRye Health probes on the HTTP port the service listens
 * on, Prometheus annotations pointing at /q/metrics there, a writable /tmp under the read-only root,
 * and pods spread over zones and nodes.
 */
class ServiceProbesTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void probesAskSmallRyeHealthOnTheHttpPortTheServiceListensOn(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      String what = overlay + ": " + pod.module();
      int http = pod.httpPort();
      assertEquals(http, pod.port("http").orElseThrow(() -> new AssertionError(what + " has no port named http"))
          .getContainerPort(), what + ": container port http is not quarkus.http.port");
      assertHealth(pod.container().getStartupProbe(), "/q/health/started", what + " startup probe");
      assertHealth(pod.container().getLivenessProbe(), "/q/health/live", what + " liveness probe");
      assertHealth(pod.container().getReadinessProbe(), "/q/health/ready", what + " readiness probe");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void prometheusScrapesQuarkusMetricsOnTheHttpPort(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      Map<String, String> annotations = pod.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
      String what = overlay + ": " + pod.module();
      assertNotNull(annotations, what + " has no Prometheus annotations");
      assertEquals("true", annotations.get("prometheus.io/scrape"), what + " prometheus.io/scrape");
      assertEquals("/q/metrics", annotations.get("prometheus.io/path"), what + " prometheus.io/path");
      assertEquals(String.valueOf(pod.httpPort()), annotations.get("prometheus.io/port"), what + " prometheus.io/port");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theReadOnlyRootGetsAWritableTmp(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      VolumeMount tmp = pod.container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
          .findFirst().orElseThrow(() -> new AssertionError(overlay + ": " + pod.module() + " mounts nothing at /tmp"));
      Volume volume = pod.deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
          .filter(v -> v.getName().equals(tmp.getName())).findFirst().orElseThrow();
      assertNotNull(volume.getEmptyDir(), overlay + ": " + pod.module() + " /tmp is not an emptyDir");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void podsSpreadOverZonesAndNodes(String overlay) {
    for (ServicePod pod : ServicePod.all(Kustomize.overlay(overlay))) {
      List<TopologySpreadConstraint> spread = pod.deployment().getSpec().getTemplate().getSpec()
          .getTopologySpreadConstraints();
      String what = overlay + ": " + pod.module();
      assertTrue(spread != null && !spread.isEmpty(), what + " has no topology spread");
      for (String key : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
        assertTrue(spread.stream().anyMatch(c -> c.getTopologyKey().equals(key)),
            what + " does not spread over " + key);
      }
      for (TopologySpreadConstraint c : spread) {
        assertTrue(ServicePod.selects(c.getLabelSelector(), pod.podLabels()),
            what + ": the spread over " + c.getTopologyKey() + " does not select its own pods");
      }
    }
  }

  private static void assertHealth(Probe probe, String path, String what) {
    assertNotNull(probe, what + " is missing");
    HTTPGetAction get = probe.getHttpGet();
    assertNotNull(get, what + " is not an HTTP GET");
    assertEquals(path, get.getPath(), what + " path");
    assertFalse(get.getPort() == null, what + " has no port");
    assertTrue("http".equals(get.getPort().getStrVal()), what + " does not use the named port http");
  }
}
