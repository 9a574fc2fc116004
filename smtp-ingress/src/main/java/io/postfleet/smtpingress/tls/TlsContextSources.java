package io.postfleet.smtpingress.tls;

import io.postfleet.smtpingress.config.IngressConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Picks the TLS context source the configuration asks for. */
public final class TlsContextSources {
  private TlsContextSources() {}

  /**
   * No certificate file: no TLS. A certificate file alone may hold the key as well (one PEM file
   * with both). A certificate that cannot be loaded stops the start: better than a server that
   * silently offers no STARTTLS.
   */
  public static TlsContextSource fromConfig(IngressConfig.Tls tls) {
    if (tls.certFile().isEmpty()) {
      if (tls.keyFile().isPresent()) {
        throw new IllegalStateException("postfleet.smtp.tls.key-file is set without cert-file");
      }
      return TlsContextSource.NONE;
    }
    Path certificate = tls.certFile().get();
    Path key = tls.keyFile().orElse(certificate);
    try {
      return PemTlsContextSource.load(certificate, key, tls.reloadCheckInterval());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the TLS certificate " + certificate + " and key "
          + key + ": " + e.getMessage(), e);
    }
  }
}
