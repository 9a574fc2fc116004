package io.postfleet.smtpingress.checks.dkim;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The {@code ed25519-sha256} signing algorithm of RFC 8463 §3: PureEdDSA (Ed25519, RFC 8032) over
 * the SHA-256 hash of the data DKIM signs, not over the data itself. As a {@link Signature}, so
 * jDKIM's header hashing can feed it exactly as it feeds {@code SHA256withRSA}.
 */
final class Ed25519Sha256 extends Signature {
  private final MessageDigest sha256;
  private final Signature ed25519;

  Ed25519Sha256() {
    super("ed25519-sha256");
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.ed25519 = Signature.getInstance("Ed25519");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has Ed25519 and SHA-256 since Java 15", e);
    }
  }

  @Override
  protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
    sha256.reset();
    ed25519.initVerify(publicKey);
  }

  @Override
  protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
    sha256.reset();
    ed25519.initSign(privateKey);
  }

  @Override
  protected void engineUpdate(byte b) {
    sha256.update(b);
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) {
    sha256.update(b, off, len);
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    ed25519.update(sha256.digest());
    return ed25519.sign();
  }

  @Override
  protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
    ed25519.update(sha256.digest());
    return ed25519.verify(sigBytes);
  }

  @Override
  @Deprecated
  protected void engineSetParameter(String param, Object value) {
    throw new UnsupportedOperationException("ed25519-sha256 has no parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new UnsupportedOperationException("ed25519-sha256 has no parameters");
  }
}
