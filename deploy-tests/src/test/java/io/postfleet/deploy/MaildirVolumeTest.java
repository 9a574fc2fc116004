package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Maildir lands on the shared claim: local-delivery mounts it exactly where its Maildir root points,
 * production's claim is ReadWriteMany, and Dovecot reads the same claim at the path it is told.
 */
class MaildirVolumeTest {
  private static final String ROOT = "postfleet.maildir.root";

  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void localDeliveryMountsAClaimAtItsMaildirRoot(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    ServicePod pod = ServicePod.of(rendered, "local-delivery");
    ContainerEnv.Source root = pod.env().get(ServiceConfig.envName(ROOT));
    assertNotNull(root, overlay + ": local-delivery's Deployment sets no " + ServiceConfig.envName(ROOT));
    String claim = claimMountedAt(pod.deployment().getSpec().getTemplate().getSpec(), pod.container().getVolumeMounts(),
        root.value(), overlay + ": local-delivery");
    assertTrue(rendered.find(PersistentVolumeClaim.class, claim).isPresent(),
        overlay + ": claim " + claim + " is not defined");
  }

  @Test
  void productionsMaildirClaimIsReadWriteMany() {
    Rendered rendered = Kustomize.overlay("production");
    ServicePod pod = ServicePod.of(rendered, "local-delivery");
    String claim = claimMountedAt(pod.deployment().getSpec().getTemplate().getSpec(), pod.container().getVolumeMounts(),
        pod.env().get(ServiceConfig.envName(ROOT)).value(), "production: local-delivery");
    assertEquals(List.of("ReadWriteMany"), rendered.get(PersistentVolumeClaim.class, claim).getSpec().getAccessModes());
  }

  @Test
  void dovecotReadsTheClaimLocalDeliveryWritesWhereItsConfigurationLooks() {
    Rendered rendered = Kustomize.overlay("dovecot");
    ServicePod delivery = ServicePod.of(rendered, "local-delivery");
    String deliveryClaim = claimMountedAt(delivery.deployment().getSpec().getTemplate().getSpec(),
        delivery.container().getVolumeMounts(), delivery.env().get(ServiceConfig.envName(ROOT)).value(),
        "local-delivery");
    PodSpec dovecot = rendered.get(Deployment.class, "dovecot").getSpec().getTemplate().getSpec();
    String config = rendered.all(ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().startsWith("dovecot-config"))
        .findFirst().orElseThrow().getData().get("postfleet.conf");
    String mailPath = config.lines().filter(l -> l.startsWith("mail_path")).findFirst().orElseThrow().split("=", 2)[1]
        .trim();
    String mailRoot = mailPath.substring(0, mailPath.indexOf("/%{"));
    String dovecotClaim = claimMountedAt(dovecot, dovecot.getContainers().get(0).getVolumeMounts(), mailRoot,
        "dovecot");
    assertEquals(deliveryClaim, dovecotClaim, "Dovecot reads another volume than local-delivery writes");
    assertTrue(mailPath.endsWith("/Maildir"),
        "Dovecot's mail_path is not the Maildir local-delivery writes: " + mailPath);
    assertEquals(delivery.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser(),
        dovecot.getSecurityContext().getRunAsUser(),
        "Dovecot cannot move the files local-delivery writes as another uid");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void localDeliveryRunsAsTheUidItsImageGivesTheMaildirRoot(String overlay) {
    ServicePod pod = ServicePod.of(Kustomize.overlay(overlay), "local-delivery");
    String dockerfile = Repo.read(Repo.ROOT.resolve("local-delivery/src/main/docker/Dockerfile.jvm"));
    String root = pod.env().get(ServiceConfig.envName(ROOT)).value();
    assertTrue(
        dockerfile
            .contains("chown " + pod.deployment().getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser()
                + ":")
            && dockerfile.contains(root),
        overlay + ": the image prepares " + root + " for another uid than the pod runs as");
  }

  private static String claimMountedAt(PodSpec pod, List<VolumeMount> mounts, String path, String what) {
    VolumeMount mount = mounts.stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(what + " mounts nothing at " + path));
    Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
        .orElseThrow();
    assertNotNull(volume.getPersistentVolumeClaim(), what + ": " + path + " is not a persistent volume claim");
    assertTrue(mount.getReadOnly() == null || !mount.getReadOnly(), what + " mounts " + path + " read-only");
    return volume.getPersistentVolumeClaim().getClaimName();
  }
}
