package io.postfleet.maps.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals DKIM private keys for storage with AES-256-GCM under the key-encryption key
 * {@code postfleet.dkim.master-key} that queue-manager (which seals) and outbound-relay (which
 * opens) both read from the same Secret. Each key gets a fresh random 96-bit nonce (NIST SP 800-38D
 * §8.2.2: random nonces stay safe far beyond the number of keys a mail system holds), and the
 * domain and selector are the associated data: a sealed key copied onto another domain's row, or
 * given another selector, fails to open instead of signing for the wrong name.
 */
public final class DkimKeySealer {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private DkimKeySealer(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** @throws IllegalArgumentException unless the text is base64 of exactly 32 bytes */
  public static DkimKeySealer fromBase64(String masterKey) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(masterKey.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("postfleet.dkim.master-key is not base64");
    }
    if (key.length != 32) {
      throw new IllegalArgumentException("postfleet.dkim.master-key must be base64 of 32 bytes (AES-256), not "
          + key.length);
    }
    return new DkimKeySealer(key);
  }

  /** The nonce and the ciphertext with its 16-byte tag appended. */
  public record Sealed(byte[] nonce, byte[] ciphertext) {}

  public Sealed seal(String domain, String selector, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, domain, selector);
      return new Sealed(nonce, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JDK", e);
    }
  }

  /**
   * @throws GeneralSecurityException ({@code AEADBadTagException}) if the ciphertext, the nonce, the
   *     domain or the selector is not what was sealed, or the master key is another one
   */
  public byte[] open(String domain, String selector, byte[] nonce, byte[] ciphertext) throws GeneralSecurityException {
    if (nonce == null || nonce.length != NONCE_BYTES) {
      throw new GeneralSecurityException("the nonce is not " + NONCE_BYTES + " bytes");
    }
    return cipher(Cipher.DECRYPT_MODE, nonce, domain, selector).doFinal(ciphertext);
  }

  private Cipher cipher(int mode, byte[] nonce, String domain, String selector) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(associatedData(domain, selector));
    return cipher;
  }

  /** NUL cannot occur in a domain or a selector, so no two pairs give the same bytes. */
  private static byte[] associatedData(String domain, String selector) {
    return ("postfleet-dkim-v1\0" + domain + "\0" + selector).getBytes(StandardCharsets.UTF_8);
  }
}
