package io.postfleet.maps.dkim;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * A DKIM signing key, RSA (rsa-sha256) or Ed25519 (ed25519-sha256, RFC 8463), with the public key
 * record that verifiers find at {@code <selector>._domainkey.<domain>}. queue-manager makes and
 * checks these for the admin API; outbound-relay signs with them.
 */
public final class DkimPrivateKey {
  public static final String RSA_SHA256 = "rsa-sha256";
  public static final String ED25519_SHA256 = "ed25519-sha256";
  /** RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits. */
  public static final int MIN_RSA_BITS = 1024;
  /** RFC 8301 §3.2: signers SHOULD use at least 2048 bits; what we generate. */
  public static final int GENERATED_RSA_BITS = 2048;

  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final PrivateKey key;
  private final String algorithm;
  private final String publicKey;

  private DkimPrivateKey(PrivateKey key, String algorithm, String publicKey) {
    this.key = key;
    this.algorithm = algorithm;
    this.publicKey = publicKey;
  }

  /** @throws InvalidDkimKeyException if the text holds no PKCS#8 RSA (≥ 1024 bits) or Ed25519 key */
  public static DkimPrivateKey fromPem(String pem) {
    int begin = pem == null ? -1 : pem.indexOf(BEGIN);
    int end = begin < 0 ? -1 : pem.indexOf(END, begin);
    if (end < 0) {
      throw new InvalidDkimKeyException("no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----) found");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new InvalidDkimKeyException("the PEM private key is not valid base64");
    }
    return fromPkcs8(der);
  }

  /** @throws InvalidDkimKeyException if the DER holds no RSA (≥ 1024 bits) or Ed25519 key */
  public static DkimPrivateKey fromPkcs8(byte[] der) {
    PrivateKey rsa = parse("RSA", der);
    if (rsa != null) {
      if (!(rsa instanceof RSAPrivateCrtKey)) {
        throw new InvalidDkimKeyException("the RSA key lacks its CRT parameters, so its public key is unknown");
      }
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) rsa;
      if (crt.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new InvalidDkimKeyException("an RSA key of " + crt.getModulus().bitLength()
            + " bits is too short: DKIM needs at least " + MIN_RSA_BITS + " (RFC 8301)");
      }
      return new DkimPrivateKey(rsa, RSA_SHA256, rsaPublicKey(crt.getModulus(), crt.getPublicExponent()));
    }
    PrivateKey ed25519 = parse("Ed25519", der);
    if (ed25519 != null) {
      return new DkimPrivateKey(ed25519, ED25519_SHA256, ed25519PublicKey(der));
    }
    throw new InvalidDkimKeyException("the key is neither an RSA nor an Ed25519 PKCS#8 private key");
  }

  /** A new key: RSA of {@value #GENERATED_RSA_BITS} bits or Ed25519. */
  public static DkimPrivateKey generate(String algorithm) {
    try {
      KeyPairGenerator generator;
      if (RSA_SHA256.equals(algorithm)) {
        generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(GENERATED_RSA_BITS, RSAKeyGenParameterSpec.F4));
      } else if (ED25519_SHA256.equals(algorithm)) {
        generator = KeyPairGenerator.getInstance("Ed25519");
      } else {
        throw new InvalidDkimKeyException("the algorithm is rsa-sha256 or ed25519-sha256, not " + algorithm);
      }
      return fromPkcs8(generator.generateKeyPair().getPrivate().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
    }
  }

  public PrivateKey key() {
    return key;
  }

  /** The {@code a=} tag of signatures made with this key. */
  public String algorithm() {
    return algorithm;
  }

  /** The key as PKCS#8 DER, to be sealed before it is stored. */
  public byte[] pkcs8() {
    return key.getEncoded();
  }

  /**
   * The {@code p=} value: base64 of the SubjectPublicKeyInfo for RSA (what opendkim-genkey and
   * every verifier use), of the raw 32-byte public key for Ed25519 (RFC 8463 §4.2).
   */
  public String publicKey() {
    return publicKey;
  }

  private static PrivateKey parse(String algorithm, byte[] der) {
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static String rsaPublicKey(BigInteger modulus, BigInteger exponent) {
    try {
      byte[] spki = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)).getEncoded();
      return Base64.getEncoder().encodeToString(spki);
    } catch (GeneralSecurityException e) {
      throw new InvalidDkimKeyException("the RSA key's public half cannot be derived");
    }
  }

  /** The JDK cannot derive an Ed25519 public key from the private one; Bouncy Castle can. */
  private static String ed25519PublicKey(byte[] pkcs8) {
    try {
      byte[] seed = ASN1OctetString.getInstance(PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey()).getOctets();
      byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(raw);
    } catch (RuntimeException | java.io.IOException e) {
      throw new InvalidDkimKeyException("the Ed25519 key's public half cannot be derived");
    }
  }

  /** Never the key material. */
  @Override
  public String toString() {
    return "DkimPrivateKey[" + algorithm + ", p=" + publicKey.substring(0, Math.min(12, publicKey.length())) + "…]";
  }
}
