package io.postfleet.smtpingress.tls;

import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Where sessions get the TLS context for a new handshake, STARTTLS or implicit. */
public interface TlsContextSource {

  /** No certificate configured: STARTTLS is neither advertised nor accepted. */
  TlsContextSource NONE = new TlsContextSource() {
    @Override
    public boolean configured() {
      return false;
    }

    @Override
    public Optional<SSLContext> current() {
      return Optional.empty();
    }
  };

  /** Whether a certificate is configured at all. */
  boolean configured();

  /** The context holding the newest usable certificate; empty when none could be loaded. */
  Optional<SSLContext> current();
}
