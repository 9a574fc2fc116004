package io.postfleet.smtpingress.checks.greylist;

import io.postfleet.maps.Address;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sender and recipient as greylisting compares them, so that the retry of one message finds
 * its triplet although bounce-address schemes give it a new envelope sender each time. Addresses
 * are folded to lower case and lose their {@code +extension} ({@link Address}); a sender also
 * loses its BATV tag, its SRS wrapping and the numbers of VERP addresses.
 */
final class SenderKey {
  /** BATV (draft-levine-smtp-batv-01 §4.1): {@code prvs=<tag>=<local>}, the tag changes daily. */
  private static final Pattern BATV = Pattern.compile("^prvs=[^=]+=");
  /** postgrey's {@code do_sender_substitutions}: VERP numbers become {@code #}. */
  private static final Pattern VERP_NUMBER = Pattern.compile("\\b\\d+\\b");

  private SenderKey() {}

  /** The sender's key; the null sender ({@code <>}, RFC 5321 §4.5.5) is the empty string. */
  static String sender(String sender) {
    if (sender.isEmpty()) {
      return "";
    }
    Address address = Address.parse(sender);
    String local = BATV.matcher(address.localPart()).replaceFirst("");
    Address unwrapped = srsOriginal(local).orElse(new Address(local, address.domain()));
    String key = VERP_NUMBER.matcher(withoutExtension(unwrapped.localPart())).replaceAll("#");
    return new Address(key, unwrapped.domain()).full();
  }

  /** The recipient's key: lower case, without its {@code +extension}. */
  static String recipient(String recipient) {
    Address address = Address.parse(recipient);
    String plain = address.withoutExtension();
    return plain == null ? address.full() : plain;
  }

  /**
   * The original domain and local part inside an SRS address: {@code SRS0=hash=tt=domain=local},
   * or {@code SRS1=hash=forwarder==hash=tt=domain=local} after more than one forwarder (the
   * Sender Rewriting Scheme, Shevek 2004, §4 and §5); empty when it is not one. The hash and time
   * stamp change daily, the original sender does not.
   */
  private static Optional<Address> srsOriginal(String local) {
    String inner;
    if (local.startsWith("srs0=")) {
      inner = local.substring(5);
    } else if (local.startsWith("srs1=") && local.indexOf("==") > 0) {
      inner = local.substring(local.indexOf("==") + 2);
    } else {
      return Optional.empty();
    }
    String[] parts = inner.split("=", 4);
    if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Address(parts[3], parts[2]));
  }

  private static String withoutExtension(String local) {
    int plus = local.indexOf(Address.RECIPIENT_DELIMITER);
    return plus <= 0 ? local : local.substring(0, plus);
  }
}
