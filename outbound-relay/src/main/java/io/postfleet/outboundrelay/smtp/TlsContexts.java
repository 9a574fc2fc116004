package io.postfleet.outboundrelay.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The two client TLS set-ups: one that checks certificates against a trust store (level
 * {@code verify}) and one that takes any certificate (levels {@code may} and {@code encrypt}: RFC
 * 7435 opportunistic encryption, where refusing a self-signed certificate would only push the
 * message into plaintext).
 */
public final class TlsContexts {
  private final SSLSocketFactory verifying;
  private final SSLSocketFactory trustingAll;

  private TlsContexts(SSLSocketFactory verifying, SSLSocketFactory trustingAll) {
    this.verifying = verifying;
    this.trustingAll = trustingAll;
  }

  /**
   * @param trustStore PEM file of the CA certificates that {@code verify} trusts; absent means the
   *     JDK's default trust store
   */
  public static TlsContexts create(Optional<Path> trustStore) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore.isPresent() ? pemStore(trustStore.get()) : null);
      SSLContext verifying = SSLContext.getInstance("TLS");
      verifying.init(null, tmf.getTrustManagers(), null);
      SSLContext trustingAll = SSLContext.getInstance("TLS");
      trustingAll.init(null, new TrustManager[] {new AnyCertificate()}, null);
      return new TlsContexts(verifying.getSocketFactory(), trustingAll.getSocketFactory());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS with trust store " + trustStore.orElse(null), e);
    }
  }

  SSLSocketFactory factory(TlsLevel level) {
    return level == TlsLevel.VERIFY ? verifying : trustingAll;
  }

  private static KeyStore pemStore(Path pem) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int n = 0;
      for (Certificate certificate : CertificateFactory.getInstance("X.509")
          .generateCertificates(in)) {
        store.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new GeneralSecurityException("no certificate in " + pem);
      }
    }
    return store;
  }

  /** Accepts every server certificate: encryption without authentication, on purpose. */
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
