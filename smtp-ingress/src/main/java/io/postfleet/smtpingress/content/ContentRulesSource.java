package io.postfleet.smtpingress.content;

import io.postfleet.maps.content.ContentRules;
import java.util.Optional;

/** The header and body rules as last loaded; empty until they have been loaded once. */
@FunctionalInterface
public interface ContentRulesSource {
  Optional<ContentRules> current();

  static ContentRulesSource fixed(ContentRules rules) {
    return () -> Optional.of(rules);
  }
}
