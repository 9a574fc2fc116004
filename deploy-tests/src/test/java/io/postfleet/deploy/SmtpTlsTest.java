package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The certificate behind STARTTLS, 587 and 465. Where smtp-ingress runs a listener that needs one,
 * POSTFLEET_SMTP_TLS_CERT_FILE and _KEY_FILE point into a read-only mount of a whole TLS Secret
 * (a subPath mount would never see a renewal) with those keys, readable by the pod's user, and the
 * certificate names the host smtp-ingress greets as: cert-manager's Certificate in production, the
 * dev-only files (parsed and paired here) in dev.
 */
class SmtpTlsTest {
  static List<String> overlays() {
    return Kustomize.OVERLAYS;
  }

  /** One key of a Secret, as a file in the container. */
  record SecretFile(String secret, String key, Optional<Secret> rendered) {}

  @ParameterizedTest
  @MethodSource("overlays")
  void listenersThatNeedACertificateFindItInAMountedSecret(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    ServicePod pod = ServicePod.of(rendered, SmtpListeners.MODULE);
    List<String> needing = SmtpListeners.needingCertificate(pod.envValues());
    assertFalse(needing.isEmpty(),
        overlay + ": smtp-ingress runs no listener that needs a certificate (submission is off)");
    String cert = pod.effective(SmtpListeners.CERT_FILE);
    assertNotNull(cert,
        overlay + ": smtp-ingress has " + needing + " but no " + ServiceConfig.envName(SmtpListeners.CERT_FILE)
            + ", so it would not start");
    String key = Optional.ofNullable(pod.effective(SmtpListeners.KEY_FILE)).orElse(cert);
    for (String file : List.of(cert, key)) {
      SecretFile mounted = secretFileAt(rendered, pod, file, overlay);
      assertTrue(rendered.secrets().get(mounted.secret()).contains(mounted.key()),
          overlay + ": " + file + " is key " + mounted.key() + ", which Secret " + mounted.secret() + " lacks");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theCertificateNamesTheHostSmtpIngressGreetsAs(String overlay) {
    Rendered rendered = Kustomize.overlay(overlay);
    ServicePod pod = ServicePod.of(rendered, SmtpListeners.MODULE);
    String hostname = pod.effective(SmtpListeners.HOSTNAME);
    String certPath = pod.effective(SmtpListeners.CERT_FILE);
    assertNotNull(certPath, overlay + ": smtp-ingress has no certificate");
    SecretFile cert = secretFileAt(rendered, pod, certPath, overlay);
    if (cert.rendered().isPresent()) {
      String keyPath = Optional.ofNullable(pod.effective(SmtpListeners.KEY_FILE)).orElse(certPath);
      SecretFile key = secretFileAt(rendered, pod, keyPath, overlay);
      Map<String, String> data = cert.rendered().get().getData();
      Pem.assertServes(overlay + ": Secret " + cert.secret(), Pem.fromSecretData(data, cert.key()),
          Pem.fromSecretData(key.rendered().orElseThrow().getData(), key.key()), hostname);
      return;
    }
    GenericKubernetesResource certificate = rendered.custom("Certificate").stream()
        .filter(c -> cert.secret().equals(ServicesAndReferencesTest.spec(c).get("secretName"))).findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": no Secret or Certificate makes " + cert.secret()));
    Object names = ServicesAndReferencesTest.spec(certificate).get("dnsNames");
    assertTrue(names instanceof List && ((List<?>) names).contains(hostname),
        overlay + ": Certificate " + certificate.getMetadata().getName() + " names " + names + ", not " + hostname);
  }

  /** The Secret key mounted at a path of smtp-ingress's container, checked to be readable and to follow renewals. */
  static SecretFile secretFileAt(Rendered rendered, ServicePod pod, String path, String overlay) {
    String what = overlay + ": smtp-ingress " + path;
    VolumeMount mount = pod.container().getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/"))
        .findFirst().orElseThrow(() -> new AssertionError(what + ": nothing is mounted there"));
    assertNull(mount.getSubPath(), what + " is a subPath mount, which never sees a renewed certificate");
    assertEquals(Boolean.TRUE, mount.getReadOnly(), what + " is mounted writable");
    PodSpec spec = pod.deployment().getSpec().getTemplate().getSpec();
    Volume volume = spec.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
        .orElseThrow();
    SecretVolumeSource secret = volume.getSecret();
    assertNotNull(secret, what + " is not in a Secret volume");
    String relative = path.substring(mount.getMountPath().length() + 1);
    String key = secret.getItems() == null || secret.getItems().isEmpty()
        ? relative
        : secret.getItems().stream().filter(i -> i.getPath().equals(relative)).map(i -> i.getKey()).findFirst()
            .orElseThrow(() -> new AssertionError(what + ": the volume's items leave it out"));
    Set<String> keys = rendered.secrets().get(secret.getSecretName());
    assertNotNull(keys, what + ": Secret " + secret.getSecretName() + " is not defined");
    assertTrue(readable(secret.getDefaultMode(), spec),
        what + " has mode " + Integer.toOctalString(secret.getDefaultMode())
            + ", which uid " + spec.getSecurityContext().getRunAsUser()
            + " cannot read (the kubelet makes root its owner)");
    return new SecretFile(secret.getSecretName(), key, rendered.find(Secret.class, secret.getSecretName()));
  }

  /** Secret files belong to root, and to the fsGroup if the pod has one, which its processes are in. */
  private static boolean readable(Integer mode, PodSpec spec) {
    int bits = mode == null ? 0644 : mode;
    boolean groupMember = spec.getSecurityContext().getFsGroup() != null;
    return (bits & 0004) != 0 || (groupMember && (bits & 0040) != 0);
  }
}
