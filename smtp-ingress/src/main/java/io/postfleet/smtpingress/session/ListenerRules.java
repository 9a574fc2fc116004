package io.postfleet.smtpingress.session;

import io.postfleet.maps.policy.PolicyListener;
import java.util.Objects;

/**
 * What a listener demands of its clients, as Postfix's master.cf overrides for the submission
 * services do ({@code smtpd_tls_security_level=encrypt}, {@code smtpd_sasl_auth_enable=yes},
 * {@code smtpd_client_restrictions=permit_sasl_authenticated,reject}).
 *
 * @param name the listener's name for logs, e.g. {@code submission}
 * @param implicitTls whether TLS starts before the greeting (RFC 8314 §3.3)
 * @param tlsRequired whether MAIL needs TLS first (RFC 3207 §4: 530 5.7.0 otherwise)
 * @param authOffered whether AUTH is advertised and accepted, which also needs TLS (RFC 4954 §4)
 * @param authRequired whether MAIL needs AUTH first (RFC 6409 §4.3)
 */
public record ListenerRules(String name, boolean implicitTls, boolean tlsRequired, boolean authOffered,
    boolean authRequired) {

  public ListenerRules {
    Objects.requireNonNull(name, "name");
    if (authRequired && !authOffered) {
      throw new IllegalArgumentException(name + ": AUTH required but not offered");
    }
  }

  /** Which listener's sender-check policy applies: the submission ports are those that need AUTH. */
  public PolicyListener policyListener() {
    return authRequired ? PolicyListener.SUBMISSION : PolicyListener.MX;
  }

  /** MX traffic: STARTTLS offered when a certificate exists, nothing required. */
  public static ListenerRules mx(boolean authOffered) {
    return new ListenerRules("smtpd", false, false, authOffered, false);
  }

  /** Port 587 (RFC 6409): STARTTLS, then AUTH, then mail. */
  public static ListenerRules submission() {
    return new ListenerRules("submission", false, true, true, true);
  }

  /** Port 465 (RFC 8314): TLS from the first byte, then AUTH, then mail. */
  public static ListenerRules submissions() {
    return new ListenerRules("submissions", true, true, true, true);
  }
}
