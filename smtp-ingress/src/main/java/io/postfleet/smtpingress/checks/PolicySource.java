package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.MailPolicy;
import java.util.Optional;

/** The sender-check policy as last loaded; empty until it has been loaded once. */
@FunctionalInterface
public interface PolicySource {
  Optional<MailPolicy> current();

  static PolicySource fixed(MailPolicy policy) {
    return () -> Optional.of(policy);
  }
}
