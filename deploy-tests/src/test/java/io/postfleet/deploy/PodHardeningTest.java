package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod of every overlay meets the "restricted" Pod Security Standard and has requests,
 * limits and probes; every long-running workload has a PodDisruptionBudget.
 */
class PodHardeningTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyPodIsNonRootReadOnlyWithoutCapabilitiesUnderRuntimeDefaultSeccomp(String overlay) {
    for (var entry : Kustomize.overlay(overlay).podTemplates().entrySet()) {
      PodSpec pod = entry.getValue().getSpec();
      String what = overlay + ": " + entry.getKey();
      assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), what + " runAsNonRoot");
      assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0,
          what + " names a non-root uid");
      assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), what + " seccomp");
      assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), what + " enableServiceLinks");
      assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), what + " automountServiceAccountToken");
      for (Container c : containers(pod)) {
        SecurityContext sc = c.getSecurityContext();
        String container = what + " container " + c.getName();
        assertNotNull(sc, container + " has no securityContext");
        assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), container + " allowPrivilegeEscalation");
        assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), container + " readOnlyRootFilesystem");
        assertFalse(Boolean.TRUE.equals(sc.getPrivileged()), container + " is privileged");
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), container + " drops every capability");
        assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(),
            container + " adds capabilities");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyContainerHasRequestsAndLimitsForCpuAndMemory(String overlay) {
    for (var entry : Kustomize.overlay(overlay).podTemplates().entrySet()) {
      for (Container c : containers(entry.getValue().getSpec())) {
        String what = overlay + ": " + entry.getKey() + " container " + c.getName();
        Map<String, Quantity> requests = c.getResources().getRequests();
        Map<String, Quantity> limits = c.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
          assertTrue(requests != null && requests.containsKey(resource), what + " requests no " + resource);
          assertTrue(limits != null && limits.containsKey(resource), what + " has no " + resource + " limit");
          assertTrue(
              requests.get(resource).getNumericalAmount().compareTo(limits.get(resource).getNumericalAmount()) <= 0,
              what + " requests more " + resource + " than its limit");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void longRunningContainersHaveStartupLivenessAndReadinessProbes(String overlay) {
    for (var entry : Kustomize.overlay(overlay).podTemplates().entrySet()) {
      if (entry.getKey().startsWith("Job/")) {
        continue;
      }
      for (Container c : entry.getValue().getSpec().getContainers()) {
        String what = overlay + ": " + entry.getKey() + " container " + c.getName();
        assertNotNull(c.getStartupProbe(), what + " has no startup probe");
        assertNotNull(c.getLivenessProbe(), what + " has no liveness probe");
        assertNotNull(c.getReadinessProbe(), what + " has no readiness probe");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyDeploymentAndStatefulSetHasADisruptionBudgetAndEveryBudgetSelectsPods(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    List<PodDisruptionBudget> budgets = rendered.all(PodDisruptionBudget.class);
    for (var entry : rendered.podTemplates().entrySet()) {
      boolean single = entry.getKey().startsWith("StatefulSet/")
          && rendered.get(StatefulSet.class, entry.getKey().substring(12)).getSpec().getReplicas() == 1;
      if (entry.getKey().startsWith("Job/") || single) {
        continue;
      }
      Map<String, String> labels = entry.getValue().getMetadata().getLabels();
      assertTrue(budgets.stream().anyMatch(b -> ServicePod.selects(b.getSpec().getSelector(), labels)),
          overlay + ": no PodDisruptionBudget covers " + entry.getKey());
    }
    for (PodDisruptionBudget budget : budgets) {
      assertTrue(rendered.podTemplates().values().stream()
          .anyMatch(t -> ServicePod.selects(budget.getSpec().getSelector(), t.getMetadata().getLabels())),
          overlay + ": PodDisruptionBudget " + budget.getMetadata().getName() + " selects no pod");
    }
  }

  static List<Container> containers(PodSpec pod) {
    List<Container> all = new ArrayList<>(pod.getContainers());
    if (pod.getInitContainers() != null) {
      all.addAll(pod.getInitContainers());
    }
    return all;
  }
}
