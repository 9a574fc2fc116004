package io.postfleet.smtpingress.checks.greylist;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What greylisting remembers of one delivery attempt, as postgrey keys it: where it came from, the
 * envelope sender and the recipient, each normalised so that the retry of the same message finds
 * the same triplet.
 *
 * @param origin the client network ({@code 192.0.2.0/24}, {@code 2001:db8::/64}), or
 *     {@code spf:<domain>} when SPF passed for MAIL FROM: senders such as Gmail retry from another
 *     pool, and SPF proves the pool is the domain's (RFC 7208 §2.6.3); it is also the key of the
 *     client's auto-allowlist entry
 * @param sender the sender key, empty for the null sender
 * @param recipient the recipient key
 */
record Triplet(String origin, String sender, String recipient) {
  static final String SPF_PREFIX = "spf:";

  Triplet {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
  }

  static Triplet of(InetAddress client, String sender, String recipient, Optional<String> spfPassDomain) {
    String origin = spfPassDomain
        .map(Triplet::domainKey)
        .filter(domain -> !domain.isEmpty())
        .map(domain -> SPF_PREFIX + domain)
        .orElseGet(() -> ClientNetwork.of(client));
    return new Triplet(origin, SenderKey.sender(sender), SenderKey.recipient(recipient));
  }

  private static String domainKey(String domain) {
    String lower = domain.strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
