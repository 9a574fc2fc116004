package io.postfleet.outboundrelay.dkim;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The signing keys by domain, as last loaded: the usable ones, and the domains whose key is
 * configured but cannot be used now (sealed under another master key, a file gone or changed).
 *
 * @param keys usable keys by lower-case domain
 * @param unusable why each broken key cannot be used, by lower-case domain
 */
public record DkimKeyTable(Map<String, DkimKey> keys, Map<String, String> unusable) {
  public DkimKeyTable {
    keys = Map.copyOf(keys);
    unusable = Map.copyOf(unusable);
  }

  /**
   * @return the domain's key, or empty if it has none
   * @throws IllegalStateException if the domain has a key that cannot be used: sending its mail
   *     unsigned could fail DMARC at the receiver, so the delivery is deferred until it is fixed
   */
  public Optional<DkimKey> lookup(String domain) {
    String key = domain.toLowerCase(Locale.ROOT);
    String problem = unusable.get(key);
    if (problem != null) {
      throw new IllegalStateException("the DKIM key of " + domain + " cannot be used: " + problem);
    }
    return Optional.ofNullable(keys.get(key));
  }
}
