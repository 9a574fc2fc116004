package io.postfleet.smtpingress.checks.dmarc;

import com.google.common.net.InternetDomainName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The names the DMARC DNS tree walk asks, and the public suffix list's answers about a name. Domains
 * are A-labels in lower case, without a trailing dot.
 */
final class TreeWalk {
  /** RFC 9989 §4.10: a name of 8 or more labels is cut to its last 7 after the first query. */
  private static final int SHORTEN_TO = 7;

  private TreeWalk() {}

  /**
   * The domain, then its ancestors (RFC 9989 §4.10 steps 4 to 8: after the first query a name of
   * more than 7 labels is cut to its last 7, then one label goes at a time), down to and including
   * its public suffix, where the walk stops: a public suffix operator may publish a record there
   * ({@code psd=y}), nothing above it belongs to anyone.
   */
  static List<String> names(String domain) {
    List<String> labels = Arrays.asList(domain.split("\\."));
    int stop = publicSuffixLabels(domain);
    List<String> names = new ArrayList<>();
    names.add(domain);
    int count = labels.size();
    if (count > SHORTEN_TO + 1) {
      count = SHORTEN_TO + 1; // the loop removes the one label more
    }
    for (count = count - 1; count >= stop; count--) {
      names.add(String.join(".", labels.subList(labels.size() - count, labels.size())));
    }
    return names;
  }

  /**
   * The organizational domain by the public suffix list (RFC 7489 §3.2): the public suffix and one
   * label more; the domain itself if it is a public suffix. A name under no listed suffix has its
   * last label as suffix (the list's default rule "*").
   */
  static String publicSuffixOrganizationalDomain(String domain) {
    int labels = publicSuffixLabels(domain) + 1;
    String[] parts = domain.split("\\.");
    if (labels >= parts.length) {
      return domain;
    }
    return String.join(".", Arrays.asList(parts).subList(parts.length - labels, parts.length));
  }

  /** The domain one label below {@code ancestor} on the way to {@code domain}. */
  static String childOf(String ancestor, String domain) {
    String prefix = domain.substring(0, domain.length() - ancestor.length() - 1);
    int dot = prefix.lastIndexOf('.');
    return prefix.substring(dot + 1) + "." + ancestor;
  }

  private static int publicSuffixLabels(String domain) {
    try {
      InternetDomainName name = InternetDomainName.from(domain);
      return name.hasPublicSuffix() ? name.publicSuffix().parts().size() : 1;
    } catch (IllegalArgumentException e) {
      return 1; // Guava refuses some names DNS can hold (e.g. "_" labels): the default rule.
    }
  }
}
