package io.postfleet.maps.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Which keys DKIM can sign with, and the public key each publishes. */
class DkimPrivateKeyTest {

  @Test
  void rsaPublishesItsSubjectPublicKeyInfo() throws Exception {
    KeyPair pair = rsa(1024);
    DkimPrivateKey key = DkimPrivateKey.fromPem(pem(pair.getPrivate().getEncoded()));

    assertEquals("rsa-sha256", key.algorithm());
    assertEquals(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()), key.publicKey());
  }

  @Test
  void ed25519PublishesTheBare32ByteKey() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    DkimPrivateKey key = DkimPrivateKey.fromPem(pem(pair.getPrivate().getEncoded()));

    assertEquals("ed25519-sha256", key.algorithm());
    byte[] spki = pair.getPublic().getEncoded();
    // The SubjectPublicKeyInfo of an Ed25519 key is a 12-byte header and the 32-byte key (RFC 8410).
    assertEquals(Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(spki, 12, 44)), key.publicKey());
  }

  @Test
  void generatedKeysAreRsa2048OrEd25519() {
    DkimPrivateKey rsa = DkimPrivateKey.generate("rsa-sha256");
    assertEquals(2048, ((java.security.interfaces.RSAPrivateKey) rsa.key()).getModulus().bitLength());
    assertEquals("ed25519-sha256", DkimPrivateKey.generate("ed25519-sha256").algorithm());
    assertThrows(InvalidDkimKeyException.class, () -> DkimPrivateKey.generate("rsa-sha1"));
  }

  @Test
  void shortRsaKeysAndOtherKindsAreRefused() throws Exception {
    InvalidDkimKeyException shortKey = assertThrows(InvalidDkimKeyException.class,
        () -> DkimPrivateKey.fromPem(pem(rsa(512).getPrivate().getEncoded())));
    assertTrue(shortKey.getMessage().contains("512 bits"), shortKey.getMessage());
    KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
    assertThrows(InvalidDkimKeyException.class, () -> DkimPrivateKey.fromPem(pem(ec.getPrivate().getEncoded())));
    assertThrows(InvalidDkimKeyException.class, () -> DkimPrivateKey.fromPem("-----BEGIN RSA PRIVATE KEY-----\n"));
    assertThrows(InvalidDkimKeyException.class,
        () -> DkimPrivateKey.fromPem("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n"));
  }

  private static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static String pem(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }
}
