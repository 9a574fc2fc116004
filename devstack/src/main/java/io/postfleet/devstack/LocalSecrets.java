package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The local stack's admin API token: made once, then read from its file by every later run. */
final class AdminToken {
  private AdminToken() {}

  static String loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
      // A bearer token is a password: only its owner reads it.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or write " + file, e);
    }
  }
}
