package io.postfleet.outboundrelay.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * A domain's signing key: an RSA key (rsa-sha256) or an Ed25519 key (ed25519-sha256, RFC 8463),
 * read from a PKCS#8 PEM file such as a mounted Kubernetes Secret.
 *
 * @param domain the signing domain, {@code d=}
 * @param selector the selector, {@code s=}: the key record is at {@code <s>._domainkey.<d>}
 * @param key the private key
 */
public record DkimKey(String domain, String selector, PrivateKey key) {
  public DkimKey {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
    if (!algorithmOf(key).equals("rsa-sha256") && !algorithmOf(key).equals("ed25519-sha256")) {
      throw new IllegalArgumentException("DKIM keys are RSA or Ed25519, not " + key.getAlgorithm());
    }
  }

  /** The {@code a=} tag for this key. */
  public String algorithm() {
    return algorithmOf(key);
  }

  /**
   * @throws IllegalStateException if the file cannot be read or holds no PKCS#8 RSA or Ed25519 key:
   *     a service told to sign must not start without its key
   */
  public static DkimKey load(String domain, String selector, Path pemFile) {
    try {
      String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
      int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = pem.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) {
        throw new IllegalStateException(pemFile + " holds no PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
      return new DkimKey(domain, selector, privateKey(der, pemFile));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read DKIM key " + pemFile + ": " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(byte[] der, Path file) {
    for (String algorithm : new String[] {"RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalStateException(file + " holds neither an RSA nor an Ed25519 private key");
  }

  private static String algorithmOf(PrivateKey key) {
    String name = key.getAlgorithm();
    if (name.equals("RSA")) {
      return "rsa-sha256";
    }
    return name.equals("Ed25519") || name.equals("EdDSA") ? "ed25519-sha256" : name;
  }

  /** Never the key material. */
  @Override
  public String toString() {
    return "DkimKey[d=" + domain + ", s=" + selector + ", a=" + algorithm() + "]";
  }
}
