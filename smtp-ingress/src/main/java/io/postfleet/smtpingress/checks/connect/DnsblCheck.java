package io.postfleet.smtpingress.checks.connect;

import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.DnsblSite;
import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import org.xbill.DNS.Type;

/**
 * Scores a client against the DNSBL and DNSWL sites of a policy, as postscreen does: every zone is
 * asked once and in parallel for the client's reversed address (RFC 5782 §2.1, §2.4), and each site
 * whose filter matches an answer adds its weight once. NXDOMAIN is "not listed"; a failed lookup is
 * that zone's temperror and scores nothing; zones that fail their self-test are skipped.
 */
public final class DnsblCheck {
  private static final Logger LOG = Logger.getLogger(DnsblCheck.class);

  private final Dns dns;
  private final DnsblZoneHealth zoneHealth;

  public DnsblCheck(Dns dns, DnsblZoneHealth zoneHealth) {
    this.dns = dns;
    this.zoneHealth = zoneHealth;
  }

  private enum Kind {
    ANSWERED,
    FAILED,
    BROKEN
  }

  /** One zone's reply: the listing codes when answered (empty when not listed). */
  private record ZoneReply(String zone, Kind kind, List<Inet4Address> codes) {}

  /** The client's score; never completes exceptionally, and within the Dns timeout. */
  public CompletableFuture<DnsblScore> check(InetAddress client, DnsblPolicy policy) {
    List<String> unparsable = new ArrayList<>();
    Map<String, List<DnsblSite>> sitesByZone = new LinkedHashMap<>();
    for (String spec : policy.zones()) {
      try {
        DnsblSite site = DnsblSite.parse(spec);
        sitesByZone.computeIfAbsent(site.zone(), z -> new ArrayList<>()).add(site);
      } catch (IllegalArgumentException e) {
        LOG.warnf("warning: %s: site ignored", e.getMessage());
        unparsable.add(spec);
      }
    }
    String reversed = ReverseName.labels(client);
    List<CompletableFuture<ZoneReply>> replies = sitesByZone.keySet().stream().map(zone -> ask(zone, reversed))
        .toList();
    return CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new))
        .thenApply(done -> score(sitesByZone, replies.stream().map(CompletableFuture::join).toList(), unparsable));
  }

  private CompletableFuture<ZoneReply> ask(String zone, String reversed) {
    CompletableFuture<ZoneHealth> health = zoneHealth.health(zone);
    if (health.isDone() && health.join() != ZoneHealth.WORKING) {
      return CompletableFuture.completedFuture(skipped(zone, health.join()));
    }
    // On a zone's first use its self-test and the client's query run side by side, so the check
    // waits one DNS timeout at most; the answer is used only if the zone passes.
    return health.thenCombine(dns.lookupAsync(reversed + "." + zone, Type.A),
        (tested, answer) -> tested == ZoneHealth.WORKING ? reply(zone, reversed, answer) : skipped(zone, tested));
  }

  private static ZoneReply skipped(String zone, ZoneHealth health) {
    return new ZoneReply(zone, health == ZoneHealth.BROKEN ? Kind.BROKEN : Kind.FAILED, List.of());
  }

  private static ZoneReply reply(String zone, String reversed, DnsAnswer answer) {
    if (answer instanceof DnsAnswer.Failed failed) {
      LOG.warnf("warning: dnsbl lookup of %s.%s failed: %s", reversed, zone, failed.reason());
      return new ZoneReply(zone, Kind.FAILED, List.of());
    }
    List<Inet4Address> codes = ListingCodes.of(answer);
    Optional<String> error = ListingCodes.error(codes);
    if (error.isPresent()) {
      LOG.warnf("warning: dnsbl zone %s: %s for %s: not a listing", zone, error.get(), reversed);
      return new ZoneReply(zone, Kind.BROKEN, List.of());
    }
    return new ZoneReply(zone, Kind.ANSWERED, codes);
  }

  private static DnsblScore score(
      Map<String, List<DnsblSite>> sitesByZone, List<ZoneReply> replies, List<String> unparsable) {
    int score = 0;
    Set<String> listedBy = new LinkedHashSet<>();
    Set<String> allowedBy = new LinkedHashSet<>();
    List<String> failed = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (ZoneReply reply : replies) {
      switch (reply.kind()) {
        case FAILED -> failed.add(reply.zone());
        case BROKEN -> broken.add(reply.zone());
        case ANSWERED -> {
          for (DnsblSite site : sitesByZone.get(reply.zone())) {
            if (reply.codes().stream().anyMatch(site::matches)) {
              score += site.weight();
              (site.weight() > 0 ? listedBy : allowedBy).add(site.zone());
            }
          }
        }
      }
    }
    broken.addAll(unparsable);
    return new DnsblScore(score, List.copyOf(listedBy), List.copyOf(allowedBy), failed, broken);
  }
}
