package io.postfleet.outboundrelay.dkim;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * A domain's signing key: an RSA key (rsa-sha256) or an Ed25519 key (ed25519-sha256, RFC 8463).
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
