package io.postfleet.smtpingress.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key read from PEM files, as a Kubernetes TLS Secret mounts
 * them ({@code tls.crt}, {@code tls.key}) and as cert-manager writes them: the key in PKCS#8,
 * PKCS#1 (RSA) or SEC1 (EC) form, unencrypted. Bouncy Castle's PEM parser reads all three; the JDK
 * alone reads only PKCS#8. The key must belong to the first certificate, checked by signing with
 * one and verifying with the other, so a half-rotated secret is refused instead of breaking every
 * handshake.
 */
final class PemKeyMaterial {
  private static final char[] KEYSTORE_PASSWORD = "postfleet".toCharArray();

  private PemKeyMaterial() {}

  static SSLContext load(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    List<PrivateKey> keys = new ArrayList<>();
    read(certificateFile, chain, keys);
    if (!keyFile.equals(certificateFile)) {
      read(keyFile, chain, keys);
    }
    if (chain.isEmpty()) {
      throw new CertificateException("no certificate in " + certificateFile);
    }
    if (keys.size() != 1) {
      throw new GeneralSecurityException("expected one unencrypted private key in " + keyFile
          + ", found " + keys.size());
    }
    PrivateKey key = keys.get(0);
    checkPair(key, chain.get(0));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("smtp", key, KEYSTORE_PASSWORD, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, KEYSTORE_PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }

  private static void read(Path file, List<X509Certificate> chain, List<PrivateKey> keys)
      throws IOException, GeneralSecurityException {
    JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof X509CertificateHolder holder) {
          chain.add(certificates.getCertificate(holder));
        } else if (item instanceof PEMKeyPair pair) {
          // The private part only: SEC1 leaves the public key optional, and some writers omit it.
          keys.add(converter.getPrivateKey(pair.getPrivateKeyInfo()));
        } else if (item instanceof PrivateKeyInfo info) {
          keys.add(converter.getPrivateKey(info));
        } else {
          throw new GeneralSecurityException("unsupported PEM object in " + file + ": "
              + item.getClass().getSimpleName() + " (encrypted keys are not supported)");
        }
      }
    }
  }

  private static void checkPair(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
    };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException("the private key does not belong to the certificate "
          + certificate.getSubjectX500Principal());
    }
  }
}
