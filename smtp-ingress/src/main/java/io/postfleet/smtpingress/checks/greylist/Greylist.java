package io.postfleet.smtpingress.checks.greylist;

import io.postfleet.maps.policy.GreylistPolicy;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Greylisting at RCPT, as postgrey does it: a new (client network, sender, recipient) triplet is
 * deferred; a real MTA retries (RFC 5321 §4.5.4.1) and passes once the delay has gone by, while
 * most spam engines never come back. The state lives in PostgreSQL, so every ingress pod knows
 * what the others saw, and a client retrying through another pod is not greylisted twice.
 *
 * <p>Greylisting only ever delays mail; when the database cannot be asked it fails open, so an
 * outage of PostgreSQL costs spam filtering, not mail. The caller answers DEFER with the greylist
 * reply text of {@code ReplyTexts} as {@code 451 4.7.1}.
 */
public final class Greylist {
  private static final Logger LOG = Logger.getLogger(Greylist.class);

  private final GreylistStore store;
  private final GreylistPolicy policy;
  private final Clock clock;

  /**
   * @param dataSource the database with the tables of migration V11 (the maps' datasource)
   * @param policy the delay, retry window, auto-allowlist count and maximum age
   * @param clock the time decisions are made by (tests move it)
   * @param queryTimeout how long one check may wait for the database before failing open; keep it
   *     short (2 s): the SMTP client is waiting
   */
  public Greylist(DataSource dataSource, GreylistPolicy policy, Clock clock, Duration queryTimeout) {
    this.store = new GreylistStore(dataSource, policy, queryTimeout);
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Checks one recipient of a transaction.
   *
   * @param client the SMTP client's address
   * @param sender the MAIL FROM address, empty for the null sender
   * @param recipient the RCPT TO address
   * @param spfPassDomain the MAIL FROM domain when SPF passed for it (RFC 7208 §2.6.3); it then
   *     stands for the client network, since such senders retry from other addresses
   */
  public GreylistResult check(InetAddress client, String sender, String recipient, Optional<String> spfPassDomain) {
    Triplet triplet = Triplet.of(client, sender, recipient, spfPassDomain);
    // PostgreSQL keeps microseconds; deciding on the same value it stores keeps both sides equal.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Optional<Instant> firstSeen;
    try {
      firstSeen = store.see(triplet, now);
    } catch (SQLException e) {
      LOG.warnf("warning: greylisting skipped for [%s] from=<%s> to=<%s>: database: %s",
          client.getHostAddress(), sender, recipient, e.getMessage());
      return GreylistResult.error(e.getMessage());
    }
    if (firstSeen.isEmpty()) {
      return GreylistResult.allowlisted();
    }
    Duration left = Duration.between(now, firstSeen.get().plus(policy.delay()));
    return left.compareTo(Duration.ZERO) > 0 ? GreylistResult.defer(secondsUp(left)) : GreylistResult.pass();
  }

  /**
   * Forgets triplets and allowlist entries last seen before {@code olderThan}; meant to run at most
   * once an hour, from one pod or from all (deleting twice is harmless). Returns how many rows went.
   */
  public long purge(Instant olderThan) throws SQLException {
    return store.purge(olderThan);
  }

  /** {@link #purge(Instant)} of what was not seen for the policy's maximum age. */
  public long purgeExpired() throws SQLException {
    return purge(clock.instant().minus(policy.maxAge()));
  }

  /** Whole seconds, rounded up: a client told to wait 0 s would retry too early. */
  private static Duration secondsUp(Duration left) {
    long seconds = left.toSeconds();
    return Duration.ofSeconds(left.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1);
  }
}
