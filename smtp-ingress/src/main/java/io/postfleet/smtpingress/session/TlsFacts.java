package io.postfleet.smtpingress.session;

import java.util.Objects;

/**
 * The TLS session a client negotiated, for the envelope and the Received header.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipher e.g. {@code TLS_AES_256_GCM_SHA384}
 */
public record TlsFacts(String protocol, String cipher) {
  public TlsFacts {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cipher, "cipher");
  }

  /** The envelope's {@code tls} field: protocol and cipher, {@code TLSv1.3 TLS_AES_256_GCM_SHA384}. */
  public String envelopeText() {
    return protocol + " " + cipher;
  }

  /** {@code TLSv1.3 with cipher TLS_AES_256_GCM_SHA384}, as Postfix words it. */
  public String summary() {
    return protocol + " with cipher " + cipher;
  }
}
