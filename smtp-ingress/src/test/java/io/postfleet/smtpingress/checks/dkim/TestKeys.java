package io.postfleet.smtpingress.checks.dkim;

import io.postfleet.testkit.TestDnsServer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/** Keys for the signers of the tests, and their DNS records (RFC 6376 §3.6.1, RFC 8463 §4). */
final class TestKeys {
  private TestKeys() {}

  static KeyPair rsa(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  /** Publishes the key at {@code <selector>._domainkey.<domain>}, in 255-octet strings. */
  static void publish(TestDnsServer dns, String selector, String domain, KeyPair key) {
    boolean rsa = key.getPublic().getAlgorithm().equals("RSA");
    byte[] encoded = key.getPublic().getEncoded();
    // An Ed25519 p= is the raw key: the last 32 octets of its SubjectPublicKeyInfo.
    byte[] p = rsa ? encoded : Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    String record = "v=DKIM1; k=" + (rsa ? "rsa" : "ed25519") + "; p=" + Base64.getEncoder().encodeToString(p);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < record.length(); i += 255) {
      strings.add(record.substring(i, Math.min(record.length(), i + 255)));
    }
    dns.txt(selector + "._domainkey." + domain, strings);
  }

  /** The key as dkimpy reads it: PKCS#1 PEM for RSA, the base64 seed for Ed25519. */
  static String forDkimpy(PrivateKey key) {
    byte[] pkcs8 = key.getEncoded();
    if (key.getAlgorithm().equals("RSA")) {
      return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(privateKeyOctets(pkcs8)) + "\n-----END RSA PRIVATE KEY-----\n";
    }
    return Base64.getEncoder().encodeToString(Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
  }

  /** PKCS#8 is SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING privateKey }: the octets. */
  private static byte[] privateKeyOctets(byte[] der) {
    int[] at = {0};
    header(der, at, 0x30);
    int version = header(der, at, 0x02);
    at[0] += version;
    int algorithm = header(der, at, 0x30);
    at[0] += algorithm;
    int length = header(der, at, 0x04);
    return Arrays.copyOfRange(der, at[0], at[0] + length);
  }

  /** Reads a DER tag and length at at[0], leaves at[0] on the contents, returns their length. */
  private static int header(byte[] der, int[] at, int tag) {
    if ((der[at[0]] & 0xff) != tag) {
      throw new IllegalArgumentException("DER tag " + der[at[0]] + " where " + tag + " was expected");
    }
    int first = der[at[0] + 1] & 0xff;
    at[0] += 2;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
