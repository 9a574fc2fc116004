package io.postfleet.queuemanager.mailbox;

import io.postfleet.queuemanager.admin.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt for SMTP AUTH passwords (the hash smtp-ingress checks through the maps): cost 10, as
 * Dovecot and most MTAs default to; slow enough to hurt a stolen table, fast enough for one AUTH
 * per session.
 */
public final class Passwords {
  private static final int COST = 10;
  private static final int MIN_LENGTH = 8;
  /** bcrypt reads at most 72 bytes; a longer password would be silently truncated. */
  private static final int MAX_BYTES = 72;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  public static String hash(String password) {
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (password.length() < MIN_LENGTH || bytes > MAX_BYTES) {
      throw ApiProblem.invalid("a password needs " + MIN_LENGTH + " characters at least and "
          + MAX_BYTES + " bytes at most");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, COST);
  }
}
