package io.postfleet.queuemanager.policy;

import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.queuemanager.policy.rest.PolicyDto;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A {@link MailPolicy} written out as the API shows it: lower-case names, short durations. */
public final class PolicyDocument {
  private PolicyDocument() {}

  public static PolicyDto of(MailPolicy p) {
    Map<String, Map<String, String>> listeners = new LinkedHashMap<>();
    for (PolicyListener listener : PolicyListener.values()) {
      listeners.put(lower(listener), modes(p.modes(listener).asMap()));
    }
    Map<String, PolicyDto.Domain> domains = new TreeMap<>();
    p.domains().values().forEach(d -> domains.put(d.domain(), of(d)));
    return new PolicyDto(listeners,
        new PolicyDto.Dnsbl(p.dnsbl().zones(), p.dnsbl().threshold(), lower(p.dnsbl().action())),
        new PolicyDto.Greylist(duration(p.greylist().delay()), duration(p.greylist().retryWindow()),
            p.greylist().autoAllowlistAfter(), duration(p.greylist().maxAge())),
        new PolicyDto.Dkim(lower(p.dkimLengthTag())),
        new PolicyDto.Texts(p.texts().dnsbl(), p.texts().iprev(), p.texts().spf(), p.texts().dmarc(),
            p.texts().greylist()),
        domains);
  }

  public static PolicyDto.Domain of(DomainPolicy d) {
    return new PolicyDto.Domain(modes(d.modes()), lower(d.quarantine()));
  }

  /** Modes in the order of {@link Check}, which is the order a session meets them. */
  private static Map<String, String> modes(Map<Check, CheckMode> modes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Check check : Check.values()) {
      if (modes.containsKey(check)) {
        out.put(check.key(), lower(modes.get(check)));
      }
    }
    return out;
  }

  /** Whole days as {@code 2d}, else seconds as {@code 300s} (as Postfix writes times); ISO-8601 below a second. */
  static String duration(Duration d) {
    if (d.toMillisPart() != 0 || d.toNanosPart() != 0) {
      return d.toString();
    }
    long s = d.getSeconds();
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    return s + "s";
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
