package io.postfleet.deploy;

import java.util.List;
import java.util.Map;

/**
 * smtp-ingress's SMTP listeners, named as its configuration names them (the port properties), and
 * the well-known port the world reaches each on.
 */
final class SmtpListeners {
  static final String MODULE = "smtp-ingress";

  /** MX on 25 (RFC 5321), submission on 587 (RFC 6409 §3.1), submissions on 465 (RFC 8314 §7.3). */
  private static final Map<String, Integer> WELL_KNOWN_PORTS = Map.of("smtp", 25, "submission", 587, "submissions",
      465);

  /**
   * Settings that need a certificate: smtp-ingress refuses to start with a submission listener and
   * no certificate, and AUTH on the MX port is only offered after STARTTLS (RFC 4954 §4).
   */
  static final List<String> NEED_CERTIFICATE = List.of(
      "postfleet.smtp.submission.enabled", "postfleet.smtp.submissions.enabled", "postfleet.smtp.auth-enabled");

  static final String CERT_FILE = "postfleet.smtp.tls.cert-file";
  static final String KEY_FILE = "postfleet.smtp.tls.key-file";
  static final String HOSTNAME = "postfleet.smtp.hostname";

  private SmtpListeners() {}

  /** The listeners besides HTTP, from smtp-ingress's own configuration. */
  static List<String> names() {
    return ServiceConfig.of(MODULE).listenerPorts().keySet().stream().filter(n -> !n.equals("http")).toList();
  }

  static int wellKnownPort(String listener) {
    Integer port = WELL_KNOWN_PORTS.get(listener);
    if (port == null) {
      throw new AssertionError("smtp-ingress has a listener " + listener
          + " that these checks know no public port for: add it to SmtpListeners and the Service");
    }
    return port;
  }

  /** The settings of {@link #NEED_CERTIFICATE} that a value map turns on; each must still exist. */
  static List<String> needingCertificate(Map<String, String> env) {
    ServiceConfig config = ServiceConfig.of(MODULE);
    for (String property : NEED_CERTIFICATE) {
      if (!config.allPropertyNames().contains(property)) {
        throw new AssertionError("smtp-ingress no longer has " + property + ": update SmtpListeners");
      }
    }
    return NEED_CERTIFICATE.stream().filter(p -> Boolean.parseBoolean(config.effectiveValue(p, env))).toList();
  }
}
