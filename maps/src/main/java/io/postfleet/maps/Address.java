package io.postfleet.maps;

import io.postfleet.smtp.name.Idna;
import java.util.Locale;

/**
 * An address split for map lookups. Keys are compared in lower case, as Postfix folds lookup keys
 * (its {@code lowercase} flag on every table); the mailbox name a message reaches keeps the
 * canonical lower-case form too. Domains are compared in their A-label form (RFC 5890), the form the
 * maps store, so a recipient given in Unicode under SMTPUTF8 finds the same entries.
 *
 * @param localPart the part before the last {@code @}
 * @param domain the domain, lower case, without a trailing dot
 */
public record Address(String localPart, String domain) {

  /** Postfix's {@code recipient_delimiter}: {@code user+tag@domain} falls back to {@code user@domain}. */
  public static final char RECIPIENT_DELIMITER = '+';

  /** Parses {@code local@domain}; an address without a domain has an empty domain. */
  public static Address parse(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    if (at < 0) {
      return new Address(lower, "");
    }
    String domain = lower.substring(at + 1);
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    return new Address(lower.substring(0, at), aLabel(domain));
  }

  private static String aLabel(String domain) {
    for (int i = 0; i < domain.length(); i++) {
      if (domain.charAt(i) > 0x7f) {
        return Idna.toAscii(domain).orElse(domain); // not a domain name: looked up as given
      }
    }
    return domain;
  }

  public String full() {
    return domain.isEmpty() ? localPart : localPart + "@" + domain;
  }

  /** The address without its {@code +extension}, or null when it has none. */
  public String withoutExtension() {
    int plus = localPart.indexOf(RECIPIENT_DELIMITER);
    if (plus <= 0) {
      return null;
    }
    return new Address(localPart.substring(0, plus), domain).full();
  }

  /** The catch-all key of the domain, {@code @domain}. */
  public String catchAll() {
    return "@" + domain;
  }
}
