package io.postfleet.smtpingress.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.tls.TestCertificates.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key forms a TLS Secret may hold are read; a key that is not the certificate's is refused. */
class PemTlsContextSourceTest {
  @TempDir
  Path dir;

  @Test
  void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
    for (KeyFormat format : KeyFormat.values()) {
      Path secret = Files.createDirectory(dir.resolve(format.name()));
      TestCertificates.selfSigned("mx.test", format).writeTo(secret);
      String key = Files.readString(secret.resolve("tls.key"));
      assertTrue(key.startsWith(switch (format) {
        case PKCS8 -> "-----BEGIN PRIVATE KEY-----";
        case PKCS1_RSA -> "-----BEGIN RSA PRIVATE KEY-----";
        case SEC1_EC -> "-----BEGIN EC PRIVATE KEY-----";
      }), key);
      TlsContextSource source = PemTlsContextSource.load(secret.resolve("tls.crt"), secret.resolve("tls.key"),
          Duration.ofSeconds(5));
      assertTrue(source.configured());
      assertTrue(source.current().isPresent(), format.name());
    }
  }

  @Test
  void oneFileMayHoldTheChainAndTheKey() throws Exception {
    TestCertificates.selfSigned("mx.test", KeyFormat.PKCS8).writeTo(dir);
    Path combined = dir.resolve("combined.pem");
    Files.writeString(combined, Files.readString(dir.resolve("tls.crt")) + Files.readString(dir.resolve("tls.key")));
    assertTrue(TlsContextSources.fromConfig(new Config(combined)).current().isPresent());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    TestCertificates.selfSigned("mx.test", KeyFormat.PKCS8).writeTo(dir.resolve("a.crt"), dir.resolve("a.key"));
    TestCertificates.selfSigned("mx.test", KeyFormat.PKCS8).writeTo(dir.resolve("b.crt"), dir.resolve("b.key"));
    GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
        () -> PemTlsContextSource.load(dir.resolve("a.crt"), dir.resolve("b.key"), Duration.ofSeconds(5)));
    assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
  }

  @Test
  void noCertificateMeansNoTlsButAKeyAloneIsAMistake() {
    assertEquals(TlsContextSource.NONE, TlsContextSources.fromConfig(new Config(null)));
    assertThrows(IllegalStateException.class, () -> TlsContextSources.fromConfig(new Config(null) {
      @Override
      public java.util.Optional<Path> keyFile() {
        return java.util.Optional.of(dir.resolve("tls.key"));
      }
    }));
  }

  /** The configuration group as SmallRye would build it. */
  private static class Config implements io.postfleet.smtpingress.config.IngressConfig.Tls {
    private final Path certificate;

    Config(Path certificate) {
      this.certificate = certificate;
    }

    @Override
    public java.util.Optional<Path> certFile() {
      return java.util.Optional.ofNullable(certificate);
    }

    @Override
    public java.util.Optional<Path> keyFile() {
      return java.util.Optional.empty();
    }

    @Override
    public Duration reloadCheckInterval() {
      return Duration.ofSeconds(5);
    }
  }
}
