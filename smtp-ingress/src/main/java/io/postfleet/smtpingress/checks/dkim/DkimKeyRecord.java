package io.postfleet.smtpingress.checks.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.apache.james.jdkim.tagvalue.PublicKeyRecordImpl;

/**
 * A DKIM key record (RFC 6376 §3.6.1) as jDKIM reads it, plus the {@code k=ed25519} keys of
 * RFC 8463 §4, which jDKIM parses but cannot turn into a key: there {@code p=} is the raw 32-octet
 * Ed25519 public key in base64, not an RSA SubjectPublicKeyInfo.
 */
final class DkimKeyRecord extends PublicKeyRecordImpl {
  /** The DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410 §4), before the 32 octets. */
  private static final byte[] ED25519_SPKI_PREFIX = {
      0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };
  private static final int ED25519_KEY_LENGTH = 32;

  DkimKeyRecord(String record) {
    super(record);
  }

  @Override
  public PublicKey getPublicKey() {
    CharSequence type = getValue("k");
    if (type == null || !type.toString().trim().equalsIgnoreCase("ed25519")) {
      return super.getPublicKey();
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(String.valueOf(getValue("p")).replaceAll("[ \t\r\n]", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("p= is not base64", e);
    }
    if (raw.length != ED25519_KEY_LENGTH) {
      throw new IllegalStateException("an Ed25519 key has 32 octets, p= has " + raw.length);
    }
    byte[] encoded = new byte[ED25519_SPKI_PREFIX.length + raw.length];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, encoded, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(raw, 0, encoded, ED25519_SPKI_PREFIX.length, raw.length);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not an Ed25519 key: " + e.getMessage(), e);
    }
  }
}
