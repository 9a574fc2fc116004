package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The local stack's secrets: made once, then read from their files by every later run. */
final class LocalSecrets {
  private LocalSecrets() {}

  /** The admin API's bearer token. */
  static String adminToken(Path file) {
    return loadOrCreate(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random(24)));
  }

  /**
   * The key that seals stored DKIM keys (base64 of 32 bytes); kept, because a new one would leave
   * the keys stored by an earlier run unopenable.
   */
  static String dkimMasterKey(Path file) {
    return loadOrCreate(file, Base64.getEncoder().encodeToString(random(32)));
  }

  private static byte[] random(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return random;
  }

  private static String loadOrCreate(Path file, String fresh) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, fresh + "\n", StandardCharsets.US_ASCII);
      // A secret is a password: only its owner reads it.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write " + file, e);
    }
  }
}
