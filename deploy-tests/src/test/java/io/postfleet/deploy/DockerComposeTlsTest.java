package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's smtp-ingress, when it runs submission: its certificate and key files are
 * bind-mounted read-only from files of this repository, exist, name the host it greets as and pair.
 * Compose may leave submission off instead; then there is nothing to mount.
 */
class DockerComposeTlsTest {
  @Test
  void listenersThatNeedACertificateFindAMatchingOneMountedFromTheRepository() {
    Map<String, String> env = DockerComposeTest.environment(SmtpListeners.MODULE);
    List<String> needing = SmtpListeners.needingCertificate(env);
    if (needing.isEmpty()) {
      return;
    }
    ServiceConfig config = ServiceConfig.of(SmtpListeners.MODULE);
    String cert = config.effectiveValue(SmtpListeners.CERT_FILE, env);
    assertNotNull(cert, "compose's smtp-ingress has " + needing + " but no certificate, so it would not start");
    String key = Optional.ofNullable(config.effectiveValue(SmtpListeners.KEY_FILE, env)).orElse(cert);
    Pem.assertServes("docker-compose.yml smtp-ingress", Repo.read(mountedFile(cert)), Repo.read(mountedFile(key)),
        config.effectiveValue(SmtpListeners.HOSTNAME, env));
  }

  /** The repository file that a bind mount of smtp-ingress puts at a path in the container. */
  private static Path mountedFile(String containerPath) {
    for (Object volume : DockerComposeTest.list(DockerComposeTest.service(SmtpListeners.MODULE).get("volumes"))) {
      String[] parts = String.valueOf(volume).split(":");
      if (parts.length >= 2 && containerPath.startsWith(parts[1] + "/")) {
        assertEquals(3, parts.length, volume + " is mounted writable");
        assertEquals("ro", parts[2], volume + " is mounted writable");
        assertTrue(parts[0].startsWith("./"), volume + " does not mount a directory of the repository");
        Path file = Repo.ROOT.resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
        assertTrue(Files.isRegularFile(file), volume + ": " + file + " does not exist");
        return file;
      }
    }
    throw new AssertionError("compose's smtp-ingress mounts nothing where " + containerPath + " is");
  }
}
