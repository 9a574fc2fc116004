package io.postfleet.smtpingress.checks.greylist;

import io.postfleet.maps.policy.GreylistPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The greylisting state in PostgreSQL (tables of migration V11), one statement per question so
 * that pods racing on one triplet neither lose a sighting nor fail: the upsert waits for the
 * other's insert and then updates (PostgreSQL's {@code ON CONFLICT DO UPDATE} guarantees an insert
 * or an update). Every time is a parameter from the pod's clock; the database's own clock is never
 * asked, so tests can move time and pods agree with their logs.
 */
final class GreylistStore {
  /** postgrey counts a client's passes at most once an hour, so one burst is one pass. */
  private static final Duration COUNT_ONCE_PER = Duration.ofHours(1);

  // A triplet is "stale" (counted as new again) when it never passed and its first retry came
  // after the retry window, or when it was not seen for the maximum age (postgrey's reset rule).
  private static final String STALE = "((t.pass_count = 0 and t.first_seen < ?) or t.last_seen < ?)";

  private static final String SEE = String.format(Locale.ROOT, """
      with client as (
        select pass_count >= ? as allowlisted from greylist_client where client_key = ?
      ),
      triplet as (
        insert into greylist_triplet as t (origin, sender, recipient, first_seen, last_seen, pass_count)
        select ?, ?, ?, ?, ?, 0
        where not exists (select 1 from client where allowlisted)
        on conflict (origin, sender, recipient) do update set
          first_seen = case when %1$s then excluded.first_seen else t.first_seen end,
          last_seen = greatest(t.last_seen, excluded.last_seen),
          pass_count = case when %1$s then 0
                            when t.first_seen <= ? then t.pass_count + 1
                            else t.pass_count end
        returning t.first_seen
      ),
      counted as (
        insert into greylist_client as c (client_key, pass_count, last_seen)
        select ?, 1, ?
        where exists (select 1 from triplet where first_seen <= ?)
           or exists (select 1 from client where allowlisted)
        on conflict (client_key) do update set pass_count = c.pass_count + 1, last_seen = excluded.last_seen
        where c.last_seen <= ?
      )
      select exists (select 1 from client where allowlisted), (select first_seen from triplet)
      """, STALE);

  private static final String PURGE = """
      with triplets as (delete from greylist_triplet where last_seen < ? returning 1),
           clients as (delete from greylist_client where last_seen < ? returning 1)
      select (select count(*) from triplets) + (select count(*) from clients)
      """;

  /** The network timeout's callback runs on the thread that hit it; nothing is queued. */
  private static final Executor SAME_THREAD = Runnable::run;

  private final DataSource dataSource;
  private final GreylistPolicy policy;
  private final int queryTimeoutSeconds;
  private final int networkTimeoutMillis;

  GreylistStore(DataSource dataSource, GreylistPolicy policy, Duration queryTimeout) {
    this.dataSource = dataSource;
    this.policy = policy;
    this.queryTimeoutSeconds = (int) Math.max(1, queryTimeout.toSeconds());
    // The query timeout cancels a statement on a server that answers; a server that does not
    // answer at all (stopped, partitioned) is cut off by the socket timeout a second later.
    this.networkTimeoutMillis = (int) queryTimeout.plusSeconds(1).toMillis();
  }

  /**
   * Records an attempt of {@code triplet} at {@code now} and returns when the triplet was first
   * seen (as now counts it), or empty when its origin is auto-allowlisted; a pass after the delay
   * also counts towards the origin's allowlisting.
   */
  Optional<Instant> see(Triplet triplet, Instant now) throws SQLException {
    OffsetDateTime at = timestamp(now);
    OffsetDateTime passedBefore = timestamp(now.minus(policy.delay()));
    OffsetDateTime windowStart = timestamp(now.minus(policy.retryWindow()));
    OffsetDateTime agedBefore = timestamp(now.minus(policy.maxAge()));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SEE)) {
      // Left set when the connection goes back: agroal puts back what a borrower changed (its
      // "dirty attributes"), and a connection of a plain DataSource is not used again.
      connection.setNetworkTimeout(SAME_THREAD, networkTimeoutMillis);
      statement.setQueryTimeout(queryTimeoutSeconds);
      Object[] parameters = {
          allowlistThreshold(), triplet.origin(),
          triplet.origin(), triplet.sender(), triplet.recipient(), at, at,
          windowStart, agedBefore, windowStart, agedBefore, passedBefore,
          triplet.origin(), at, passedBefore, timestamp(now.minus(COUNT_ONCE_PER))
      };
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      Optional<Instant> firstSeen = Optional.empty();
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        if (!row.getBoolean(1)) {
          firstSeen = Optional.of(row.getObject(2, OffsetDateTime.class).toInstant());
        }
      }
      commitUnlessAutomatic(connection);
      return firstSeen;
    }
  }

  /** Deletes the triplets and allowlist entries last seen before {@code olderThan}; returns how many. */
  long purge(Instant olderThan) throws SQLException {
    OffsetDateTime before = timestamp(olderThan);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(PURGE)) {
      statement.setObject(1, before);
      statement.setObject(2, before);
      long deleted;
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        deleted = row.getLong(1);
      }
      commitUnlessAutomatic(connection);
      return deleted;
    }
  }

  /** postgrey's {@code --auto-whitelist-clients=0} turns auto-allowlisting off. */
  private int allowlistThreshold() {
    return policy.autoAllowlistAfter() == 0 ? Integer.MAX_VALUE : policy.autoAllowlistAfter();
  }

  /** PgJDBC binds an OffsetDateTime as timestamptz, the columns' type; a Timestamp's zone is the JVM's. */
  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static void commitUnlessAutomatic(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.commit();
    }
  }
}
