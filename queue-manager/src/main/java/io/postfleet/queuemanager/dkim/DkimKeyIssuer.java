package io.postfleet.queuemanager.dkim;

import io.postfleet.maps.dkim.DkimKeySealer;
import io.postfleet.maps.dkim.DkimPrivateKey;
import io.postfleet.maps.dkim.InvalidDkimKeyException;
import io.postfleet.maps.dkim.StoredDkimKey;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.config.QueueManagerConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a request into the row to store: a key generated here or uploaded, sealed under the master
 * key; or a key in a mounted file, of which only the path is kept. Created at startup, so a master
 * key that is not base64 of 32 bytes stops the service rather than failing the first request.
 */
@Startup
@ApplicationScoped
public class DkimKeyIssuer {
  private final Optional<DkimKeySealer> sealer;

  public DkimKeyIssuer(QueueManagerConfig config) {
    this.sealer = config.dkim().masterKey().map(DkimKeySealer::fromBase64);
  }

  /** A new key, sealed for storage. */
  public StoredDkimKey generated(String domain, String selector, String algorithm) {
    DkimKeySealer s = requireSealer();
    try {
      return StoredDkimKey.sealed(domain, selector, DkimPrivateKey.generate(algorithm), s);
    } catch (InvalidDkimKeyException e) {
      throw ApiProblem.invalid(e.getMessage());
    }
  }

  /** An uploaded PKCS#8 PEM key, sealed for storage. */
  public StoredDkimKey uploaded(String domain, String selector, String pem) {
    DkimKeySealer s = requireSealer();
    return StoredDkimKey.sealed(domain, selector, parse(pem, "privateKey"), s);
  }

  /**
   * A key that stays in a mounted Secret. queue-manager reads it once, to check it and to learn the
   * public key to publish, so the Secret is mounted here as well as in outbound-relay.
   */
  public StoredDkimKey file(String domain, String selector, String keyFile) {
    Path path = Path.of(keyFile);
    if (!path.isAbsolute()) {
      throw ApiProblem.invalid("keyFile must be an absolute path, not " + keyFile);
    }
    String pem;
    try {
      pem = Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      throw ApiProblem.invalid("keyFile " + keyFile + " cannot be read by queue-manager; mount the same Secret"
          + " into queue-manager and outbound-relay");
    }
    return StoredDkimKey.file(domain, selector, parse(pem, "keyFile " + keyFile), keyFile);
  }

  private DkimKeySealer requireSealer() {
    return sealer.orElseThrow(() -> ApiProblem.conflict("dkim-master-key-missing",
        "no postfleet.dkim.master-key is configured, so private keys cannot be stored;"
            + " configure one or register a mounted keyFile instead"));
  }

  private static DkimPrivateKey parse(String pem, String what) {
    try {
      return DkimPrivateKey.fromPem(pem);
    } catch (InvalidDkimKeyException e) {
      throw ApiProblem.invalid(what + ": " + e.getMessage());
    }
  }
}
