package io.postfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PEM certificate and key pair as a TLS Secret holds it (tls.crt, tls.key): is it one smtp-ingress
 * can serve for its host name? Only for the files in this repository (the dev-only certificate),
 * whose key is PKCS#8 (OpenSSL 3's default), which the JDK reads alone.
 */
final class Pem {
  private static final int SAN_DNS = 2;

  private Pem() {}

  /** Fails unless the certificate names the host and the key belongs to it. */
  static void assertServes(String what, String certificatePem, String keyPem, String hostname) {
    try {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
      List<String> names = dnsNames(certificate);
      assertTrue(names.contains(hostname.toLowerCase(Locale.ROOT)),
          what + ": the certificate names " + names + ", not " + hostname + ", the name smtp-ingress greets with");
      PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(body(keyPem, "PRIVATE KEY", what)));
      byte[] probe = what.getBytes(StandardCharsets.UTF_8);
      String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      assertTrue(verifier.verify(signer.sign()), what + ": the key does not belong to the certificate");
    } catch (GeneralSecurityException e) {
      throw new AssertionError(what + ": " + e, e);
    }
  }

  /** Decodes a Secret's base64 data value (which kustomize may break into lines) to the PEM text. */
  static String fromSecretData(Map<String, String> data, String key) {
    return new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.US_ASCII);
  }

  private static List<String> dnsNames(X509Certificate certificate) throws GeneralSecurityException {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    return names == null
        ? List.of()
        : names.stream().filter(n -> ((Integer) n.get(0)) == SAN_DNS)
            .map(n -> String.valueOf(n.get(1)).toLowerCase(Locale.ROOT)).toList();
  }

  private static byte[] body(String pem, String label, String what) {
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    assertTrue(from >= 0 && to > from, what + ": no " + begin + " (a PKCS#8 key) in the key file");
    return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
  }
}
