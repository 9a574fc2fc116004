package io.postfleet.maps.dkim;

import java.time.Instant;

/**
 * A row of {@code dkim_key}: the one active signing key of a domain. Either sealed in the database
 * ({@code nonce} and {@code sealedKey} set) or a PEM file mounted where outbound-relay runs
 * ({@code keyFile} set; only the path is stored).
 *
 * @param domain the signing domain, {@code d=}, as an A-label in lower case
 * @param selector the selector, {@code s=}
 * @param algorithm rsa-sha256 or ed25519-sha256
 * @param publicKey the {@code p=} value to publish
 * @param createdAt set by the database; null before the row is inserted
 */
public record StoredDkimKey(String domain, String selector, String algorithm, String publicKey, String keyFile,
    byte[] nonce, byte[] sealedKey, Instant createdAt) {

  public static StoredDkimKey sealed(String domain, String selector, DkimPrivateKey key, DkimKeySealer sealer) {
    DkimKeySealer.Sealed sealed = sealer.seal(domain, selector, key.pkcs8());
    return new StoredDkimKey(domain, selector, key.algorithm(), key.publicKey(), null, sealed.nonce(),
        sealed.ciphertext(), null);
  }

  public static StoredDkimKey file(String domain, String selector, DkimPrivateKey key, String keyFile) {
    return new StoredDkimKey(domain, selector, key.algorithm(), key.publicKey(), keyFile, null, null, null);
  }

  public boolean fromFile() {
    return keyFile != null;
  }

  /** The name the TXT record is published at (RFC 6376 §3.6.2.1), absolute. */
  public String dnsName() {
    return selector + "._domainkey." + domain + ".";
  }

  /** The TXT record's text (RFC 6376 §3.6.1), before it is cut into strings for a zone file. */
  public String txtValue() {
    return "v=DKIM1; k=" + (DkimPrivateKey.RSA_SHA256.equals(algorithm) ? "rsa" : "ed25519") + "; p=" + publicKey;
  }

  /** Never the sealed bytes. */
  @Override
  public String toString() {
    return "StoredDkimKey[d=" + domain + ", s=" + selector + ", a=" + algorithm
        + (fromFile() ? ", file=" + keyFile : ", stored") + "]";
  }
}
