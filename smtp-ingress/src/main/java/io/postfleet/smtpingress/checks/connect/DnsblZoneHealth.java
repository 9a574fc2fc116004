package io.postfleet.smtpingress.checks.connect;

import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.xbill.DNS.Type;

/**
 * The self-test of DNSBL and DNSWL zones that RFC 5782 §5 asks of their users: {@code 127.0.0.2}
 * must be listed and {@code 127.0.0.1} must not, otherwise the zone is dead, lists the whole
 * Internet, or refuses our resolver, and its answers would mislead. A zone is tested before its
 * first use and again every {@link #INTERVAL}; one test per zone is in flight at a time however
 * many sessions ask, and sessions after the first keep the last result while a retest runs.
 */
public final class DnsblZoneHealth {
  static final Duration INTERVAL = Duration.ofMinutes(10);
  private static final Logger LOG = Logger.getLogger(DnsblZoneHealth.class);

  private final Dns dns;
  private final Clock clock;
  private final Map<String, ZoneState> zones = new ConcurrentHashMap<>();

  public DnsblZoneHealth(Dns dns, Clock clock) {
    this.dns = dns;
    this.clock = clock;
  }

  /** The zone's health, waiting for a test only if it was never tested. Never completes exceptionally. */
  public CompletableFuture<ZoneHealth> health(String zone) {
    return zones.computeIfAbsent(zone, ZoneState::new).health();
  }

  private final class ZoneState {
    private final String zone;
    private ZoneHealth last;
    private Instant testedAt;
    private CompletableFuture<ZoneHealth> running;

    ZoneState(String zone) {
      this.zone = zone;
    }

    synchronized CompletableFuture<ZoneHealth> health() {
      boolean due = last == null || last == ZoneHealth.UNTESTED || !clock.instant().isBefore(testedAt.plus(INTERVAL));
      if (due && running == null) {
        CompletableFuture<ZoneHealth> test = test();
        running = test;
        // Attached after running is set: a test answered from the cache completes here at once.
        test.whenComplete((health, error) -> finished(error == null ? health : ZoneHealth.UNTESTED));
      }
      return last != null ? CompletableFuture.completedFuture(last) : running;
    }

    private synchronized void finished(ZoneHealth health) {
      last = health;
      testedAt = clock.instant();
      running = null;
    }

    private CompletableFuture<ZoneHealth> test() {
      CompletableFuture<DnsAnswer> listed = dns.lookupAsync("2.0.0.127." + zone, Type.A);
      CompletableFuture<DnsAnswer> unlisted = dns.lookupAsync("1.0.0.127." + zone, Type.A);
      return listed.thenCombine(unlisted, this::judge);
    }

    private ZoneHealth judge(DnsAnswer listed, DnsAnswer unlisted) {
      if (listed.failed() || unlisted.failed()) {
        DnsAnswer failed = listed.failed() ? listed : unlisted;
        LOG.warnf("warning: dnsbl zone %s: self-test lookup failed (%s): zone skipped until a test succeeds",
            zone, ((DnsAnswer.Failed) failed).reason());
        return ZoneHealth.UNTESTED;
      }
      Optional<String> broken = brokenBecause(listed, unlisted);
      broken.ifPresent(why -> LOG.warnf("warning: dnsbl zone %s fails its self-test (RFC 5782 section 5): %s:"
          + " zone skipped", zone, why));
      return broken.isPresent() ? ZoneHealth.BROKEN : ZoneHealth.WORKING;
    }
  }

  private static Optional<String> brokenBecause(DnsAnswer listed, DnsAnswer unlisted) {
    List<Inet4Address> codes = ListingCodes.of(listed);
    if (codes.isEmpty()) {
      return Optional.of("127.0.0.2 is not listed");
    }
    Optional<String> error = ListingCodes.error(codes);
    if (error.isPresent()) {
      return error.map(why -> "127.0.0.2: " + why);
    }
    if (!(unlisted instanceof DnsAnswer.NoSuchName)) {
      return Optional.of(ListingCodes.of(unlisted).isEmpty()
          ? "127.0.0.1 answers NODATA, not NXDOMAIN"
          : "127.0.0.1 is listed");
    }
    return Optional.empty();
  }
}
