package io.postfleet.queuemanager.admin;

import io.postfleet.smtp.name.Idna;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates and normalises the domains and addresses the admin API stores: lower case, no trailing
 * dot, RFC 5321 §4.1.2 dot-atom local parts, RFC 1035 host names. Internationalised domain names are
 * stored in their one canonical form, the A-label (RFC 5890: {@code xn--...}), which is what SMTP
 * clients without SMTPUTF8 send and what DNS holds. Quoted and non-ASCII local parts are refused
 * rather than stored in a form lookups would miss.
 */
public final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern ATOM = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~-]+");

  private Names() {}

  public static String domain(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiProblem.invalid("a domain name is required");
    }
    String name = raw.trim();
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    name = Idna.toAscii(name).orElseThrow(() -> ApiProblem.invalid("'" + raw + "' is not a valid domain name"));
    if (name.length() > 253 || name.isEmpty()) {
      throw ApiProblem.invalid("'" + raw + "' is not a valid domain name");
    }
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw ApiProblem.invalid("'" + raw + "' is not a valid domain name");
      }
    }
    return name;
  }

  /** A mailbox or alias target: {@code local@domain}. */
  public static String address(String raw) {
    if (raw == null || raw.isBlank()) {
      throw ApiProblem.invalid("an address is required");
    }
    String address = raw.trim();
    int at = address.lastIndexOf('@');
    if (at <= 0 || !validLocalPart(address.substring(0, at).toLowerCase(Locale.ROOT))) {
      throw ApiProblem.invalid("'" + raw + "' is not a valid address (local@domain)");
    }
    return address.substring(0, at).toLowerCase(Locale.ROOT) + "@" + domain(address.substring(at + 1));
  }

  /** An alias key: an address, or {@code @domain} for the domain's catch-all. */
  public static String aliasKey(String raw) {
    if (raw != null && raw.trim().startsWith("@")) {
      return "@" + domain(raw.trim().substring(1));
    }
    return address(raw);
  }

  /** The Unicode form of an A-label domain, or null when it is plain ASCII. */
  public static String unicodeOf(String domain) {
    return Idna.toUnicode(domain).filter(unicode -> !unicode.equals(domain)).orElse(null);
  }

  public static String domainOf(String address) {
    return address.substring(address.lastIndexOf('@') + 1);
  }

  private static boolean validLocalPart(String local) {
    if (local.length() > 64) {
      return false;
    }
    for (String atom : local.split("\\.", -1)) {
      if (!ATOM.matcher(atom).matches()) {
        return false;
      }
    }
    return true;
  }
}
