package io.postfleet.queuemanager.policy;

import io.postfleet.maps.policy.Check;
import io.postfleet.maps.policy.CheckMode;
import io.postfleet.maps.policy.CheckModes;
import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.maps.policy.DnsblAction;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.DnsblSite;
import io.postfleet.maps.policy.DomainPolicy;
import io.postfleet.maps.policy.GreylistPolicy;
import io.postfleet.maps.policy.MailPolicy;
import io.postfleet.maps.policy.PolicyListener;
import io.postfleet.maps.policy.QuarantineTarget;
import io.postfleet.maps.policy.ReplyTexts;
import io.postfleet.queuemanager.admin.ApiProblem;
import io.postfleet.queuemanager.admin.Names;
import io.postfleet.queuemanager.policy.rest.PolicyDto;
import io.postfleet.queuemanager.queue.QueueFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a policy document into the model, collecting every problem before refusing it, so that a
 * client fixes its document in one round trip. Anything left out takes {@link MailPolicy#DEFAULT}'s
 * value; domains become lower-case A-labels as the domain resource stores them.
 */
public final class PolicyParser {
  private final List<String> problems = new ArrayList<>();

  private PolicyParser() {}

  public static MailPolicy policy(PolicyDto body) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    PolicyParser p = new PolicyParser();
    MailPolicy d = MailPolicy.DEFAULT;
    Map<PolicyListener, CheckModes> listeners = new EnumMap<>(PolicyListener.class);
    Map<String, Map<String, String>> given = body.listeners() == null ? Map.of() : body.listeners();
    given.keySet().stream().filter(k -> p.parse(PolicyListener.class, k) == null)
        .forEach(k -> p.problems.add("listeners: '" + k + "' is not a listener (mx, submission)"));
    for (PolicyListener listener : PolicyListener.values()) {
      Map<String, String> modes = given.get(PolicyDocument.lower(listener));
      listeners.put(listener, d.modes(listener).with(p.modes("listeners." + PolicyDocument.lower(listener), modes)));
    }
    Map<String, DomainPolicy> domains = new LinkedHashMap<>();
    if (body.domains() != null) {
      body.domains().forEach((name, domain) -> {
        DomainPolicy parsed = p.parseDomain(name, domain);
        if (parsed != null && domains.put(parsed.domain(), parsed) != null) {
          p.problems.add("domains: " + parsed.domain() + " is given twice");
        }
      });
    }
    DnsblPolicy dnsbl = p.dnsbl(body.dnsbl());
    GreylistPolicy greylist = p.greylist(body.greylist());
    DkimLengthTag lengthTag = body.dkim() == null || body.dkim().lengthTag() == null
        ? d.dkimLengthTag()
        : p.value("dkim.lengthTag", DkimLengthTag.class, body.dkim().lengthTag(), "honor, refuse");
    ReplyTexts texts = p.texts(body.texts());
    p.refuseIfAny();
    return new MailPolicy(listeners, domains, dnsbl, greylist, lengthTag, texts);
  }

  public static DomainPolicy domain(String name, PolicyDto.Domain body) {
    if (body == null) {
      throw ApiProblem.invalid("a JSON body is required");
    }
    PolicyParser p = new PolicyParser();
    DomainPolicy parsed = p.parseDomain(name, body);
    p.refuseIfAny();
    return parsed;
  }

  private DomainPolicy parseDomain(String name, PolicyDto.Domain body) {
    String domain;
    try {
      domain = Names.domain(name);
    } catch (ApiProblem e) {
      problems.add("domains: " + e.problem().detail());
      return null;
    }
    String where = "domains." + domain;
    if (body == null) {
      problems.add(where + ": an object with modes and quarantine is required");
      return null;
    }
    Map<Check, CheckMode> modes = modes(where + ".modes", body.modes());
    QuarantineTarget quarantine = body.quarantine() == null
        ? QuarantineTarget.HOLD
        : value(where + ".quarantine", QuarantineTarget.class, body.quarantine(), "hold, junk");
    return quarantine == null ? null : new DomainPolicy(domain, modes, quarantine);
  }

  private Map<Check, CheckMode> modes(String where, Map<String, String> given) {
    Map<Check, CheckMode> modes = new EnumMap<>(Check.class);
    if (given == null) {
      return modes;
    }
    given.forEach((key, mode) -> {
      Check check = parse(Check.class, key);
      if (check == null) {
        problems.add(where + ": '" + key + "' is not a check (iprev, dnsbl, spf, greylist, dkim, dmarc)");
        return;
      }
      CheckMode parsed = value(where + "." + check.key(), CheckMode.class, mode, "off, tag, enforce");
      if (parsed != null) {
        modes.put(check, parsed);
      }
    });
    return modes;
  }

  private DnsblPolicy dnsbl(PolicyDto.Dnsbl body) {
    DnsblPolicy d = DnsblPolicy.DEFAULT;
    if (body == null) {
      return d;
    }
    List<String> zones = new ArrayList<>();
    if (body.zones() != null) {
      for (String zone : body.zones()) {
        if (zone == null || zone.isBlank()) {
          problems.add("dnsbl.zones: a zone cannot be empty");
          continue;
        }
        try {
          // The same parser smtp-ingress scores with, so nothing stored can be unusable there.
          DnsblSite.parse(zone.trim());
          zones.add(zone.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add("dnsbl.zones: " + e.getMessage());
        }
      }
    }
    int threshold = body.threshold() == null ? d.threshold() : body.threshold();
    if (threshold < 1) {
      problems.add("dnsbl.threshold: must be at least 1, not " + threshold);
    }
    DnsblAction action = body.action() == null
        ? d.action()
        : value("dnsbl.action", DnsblAction.class, body.action(), "ignore, enforce, drop");
    return threshold < 1 || action == null ? d : new DnsblPolicy(zones, threshold, action);
  }

  private GreylistPolicy greylist(PolicyDto.Greylist body) {
    GreylistPolicy d = GreylistPolicy.DEFAULT;
    if (body == null) {
      return d;
    }
    Duration delay = duration("greylist.delay", body.delay(), d.delay());
    Duration window = duration("greylist.retryWindow", body.retryWindow(), d.retryWindow());
    Duration maxAge = duration("greylist.maxAge", body.maxAge(), d.maxAge());
    int allowAfter = body.autoAllowlistAfter() == null ? d.autoAllowlistAfter() : body.autoAllowlistAfter();
    boolean ok = delay != null && window != null && maxAge != null;
    if (ok && window.compareTo(delay) <= 0) {
      problems.add("greylist.retryWindow: must be longer than the delay");
      ok = false;
    }
    if (maxAge != null && maxAge.isZero()) {
      problems.add("greylist.maxAge: must be longer than zero");
      ok = false;
    }
    if (allowAfter < 0) {
      problems.add("greylist.autoAllowlistAfter: must be 0 (never) or more");
      ok = false;
    }
    return ok ? new GreylistPolicy(delay, window, allowAfter, maxAge) : d;
  }

  private ReplyTexts texts(PolicyDto.Texts body) {
    ReplyTexts d = ReplyTexts.DEFAULT;
    if (body == null) {
      return d;
    }
    return new ReplyTexts(text("dnsbl", body.dnsbl(), d.dnsbl()), text("iprev", body.iprev(), d.iprev()),
        text("spf", body.spf(), d.spf()), text("dmarc", body.dmarc(), d.dmarc()),
        text("greylist", body.greylist(), d.greylist()));
  }

  /** A reply text goes on one SMTP reply line: no line breaks (RFC 5321 §4.2). */
  private String text(String name, String given, String fallback) {
    if (given == null) {
      return fallback;
    }
    if (given.isBlank() || given.indexOf('\r') >= 0 || given.indexOf('\n') >= 0) {
      problems.add("texts." + name + ": must be one non-empty line");
      return fallback;
    }
    return given.trim();
  }

  private Duration duration(String where, String given, Duration fallback) {
    if (given == null) {
      return fallback;
    }
    try {
      return QueueFilter.age(given);
    } catch (RuntimeException e) {
      problems.add(where + ": '" + given + "' is not a duration such as 300s, 10m, 2h, 2d or PT5M");
      return null;
    }
  }

  private <E extends Enum<E>> E value(String where, Class<E> type, String given, String allowed) {
    E parsed = parse(type, given);
    if (parsed == null) {
      problems.add(where + ": '" + given + "' is not one of " + allowed);
    }
    return parsed;
  }

  private <E extends Enum<E>> E parse(Class<E> type, String given) {
    if (given == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, given.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void refuseIfAny() {
    if (!problems.isEmpty()) {
      throw ApiProblem.invalid(String.join("; ", problems));
    }
  }
}
