package io.postfleet.maps.policy;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The whole sender-check policy, as {@code /api/v1/policy} holds it and every smtp-ingress pod
 * serves it from memory: modes per listener, overrides per recipient domain, and the settings of
 * the checks that have some. Trusted networks and authenticated clients skip every check; that is
 * not configurable, as Postfix's {@code permit_mynetworks, permit_sasl_authenticated} come first.
 */
public record MailPolicy(
    Map<PolicyListener, CheckModes> listeners,
    Map<String, DomainPolicy> domains,
    DnsblPolicy dnsbl,
    GreylistPolicy greylist,
    DkimLengthTag dkimLengthTag,
    ReplyTexts texts) {

  /** Verify and tag on the MX port, enforce DMARC {@code p=reject}, nothing on submission. */
  public static final MailPolicy DEFAULT = new MailPolicy(
      Map.of(PolicyListener.MX, defaultMx(), PolicyListener.SUBMISSION, CheckModes.allOff()),
      Map.of(), DnsblPolicy.DEFAULT, GreylistPolicy.DEFAULT, DkimLengthTag.HONOR, ReplyTexts.DEFAULT);

  public MailPolicy {
    EnumMap<PolicyListener, CheckModes> all = new EnumMap<>(PolicyListener.class);
    for (PolicyListener listener : PolicyListener.values()) {
      all.put(listener, listeners.getOrDefault(listener, CheckModes.allOff()));
    }
    listeners = Map.copyOf(all);
    domains = Map.copyOf(domains);
    Objects.requireNonNull(dnsbl, "dnsbl");
    Objects.requireNonNull(greylist, "greylist");
    Objects.requireNonNull(dkimLengthTag, "dkimLengthTag");
    Objects.requireNonNull(texts, "texts");
  }

  /** The modes for mail to a domain through a listener; domains are A-labels, any case. */
  public CheckModes modes(PolicyListener listener, String domain) {
    CheckModes base = listeners.get(listener);
    DomainPolicy overrides = domain == null ? null : domains.get(domain.toLowerCase(Locale.ROOT));
    return overrides == null ? base : base.with(overrides.modes());
  }

  /** The modes at connect and MAIL, before any recipient is known: the listener's. */
  public CheckModes modes(PolicyListener listener) {
    return listeners.get(listener);
  }

  /**
   * Whether a check runs for some mail through the listener: for the listener itself or for one of
   * the domains that override it. Checks made before the recipients are known (connect, MAIL) run
   * then, and each recipient's domain decides at RCPT what their verdict does.
   */
  public boolean anyRuns(PolicyListener listener, Check check) {
    if (listeners.get(listener).runs(check)) {
      return true;
    }
    for (DomainPolicy domain : domains.values()) {
      if (domain.modes().getOrDefault(check, CheckMode.OFF) != CheckMode.OFF) {
        return true;
      }
    }
    return false;
  }

  public QuarantineTarget quarantine(String domain) {
    DomainPolicy overrides = domain == null ? null : domains.get(domain.toLowerCase(Locale.ROOT));
    return overrides == null ? QuarantineTarget.HOLD : overrides.quarantine();
  }

  private static CheckModes defaultMx() {
    return CheckModes.of(Map.of(
        Check.IPREV, CheckMode.TAG,
        Check.DNSBL, CheckMode.TAG,
        Check.SPF, CheckMode.TAG,
        Check.GREYLIST, CheckMode.OFF,
        Check.DKIM, CheckMode.TAG,
        Check.DMARC, CheckMode.ENFORCE));
  }
}
