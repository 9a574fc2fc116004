package io.postfleet.smtpingress.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Self-signed certificates made at test time, written as PEM the way a Kubernetes TLS Secret holds
 * them, and a client context that trusts exactly one of them.
 */
public final class TestCertificates {
  /** How the private key is written: what openssl and cert-manager produce. */
  public enum KeyFormat {
    /** {@code BEGIN PRIVATE KEY}. */
    PKCS8,
    /** {@code BEGIN RSA PRIVATE KEY}, cert-manager's default for RSA. */
    PKCS1_RSA,
    /** {@code BEGIN EC PRIVATE KEY}. */
    SEC1_EC
  }

  private final X509Certificate certificate;
  private final KeyPair keys;
  private final KeyFormat format;

  private TestCertificates(X509Certificate certificate, KeyPair keys, KeyFormat format) {
    this.certificate = certificate;
    this.keys = keys;
    this.format = format;
  }

  public static TestCertificates selfSigned(String commonName, KeyFormat format) {
    boolean ec = format == KeyFormat.SEC1_EC;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ec ? "EC" : "RSA");
      generator.initialize(ec ? 256 : 2048);
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=" + commonName);
      var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(System.nanoTime()),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
          keys.getPublic());
      var signer = new JcaContentSignerBuilder(ec ? "SHA256withECDSA" : "SHA256withRSA").build(keys.getPrivate());
      return new TestCertificates(new JcaX509CertificateConverter().getCertificate(builder.build(signer)),
          keys, format);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes {@code tls.crt} and {@code tls.key} into {@code directory}. */
  public void writeTo(Path directory) throws IOException {
    writeTo(directory.resolve("tls.crt"), directory.resolve("tls.key"));
  }

  public void writeTo(Path certificateFile, Path keyFile) throws IOException {
    Files.writeString(certificateFile, pem(certificate), StandardCharsets.US_ASCII);
    Files.writeString(keyFile, pem(keyPem()), StandardCharsets.US_ASCII);
  }

  /** A client context that trusts this certificate and nothing else. */
  public SSLContext clientContext() {
    return trusting(this);
  }

  /** A client context that trusts these certificates and nothing else. */
  public static SSLContext trusting(TestCertificates... trusted) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.length; i++) {
        trust.setCertificateEntry("server" + i, trusted[i].certificate);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as openssl writes it in each form; SEC1 with its curve and public key. */
  private PemObject keyPem() throws IOException {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    switch (format) {
      case PKCS1_RSA :
        return new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
      case SEC1_EC :
        ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        return new PemObject("EC PRIVATE KEY", new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(),
            publicKey.getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
      default :
        return new PemObject("PRIVATE KEY", info.getEncoded());
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (object instanceof PemObjectGenerator generator) {
        writer.writeObject(generator);
      } else {
        writer.writeObject(object);
      }
    }
    return out.toString();
  }
}
