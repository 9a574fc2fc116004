package io.postfleet.smtpingress.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The mailboxes that are full, read in bulk from queue-manager's mailbox_usage every few seconds and
 * kept in memory: RCPT asks a set, never the database. Usage changes with every delivery, so it stays
 * out of the maps (whose change counter reloads every service's snapshot); this small query replaces
 * that. A row counts when local-delivery last found the mailbox at or over its quota, the quota it
 * has now still says so (a raised quota takes effect at the next refresh), and the count is recent.
 *
 * <p>Fails open: when the table cannot be read the set is emptied and every recipient is accepted,
 * as the quota is soft at RCPT and local-delivery enforces it (5.2.2) when it writes.
 */
public final class FullMailboxes implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FullMailboxes.class);
  private static final String FULL = """
      select u.address from mailbox_usage u join mailbox m on m.address = u.address
      where u.over_quota and m.quota_bytes is not null and u.used_bytes >= m.quota_bytes
        and u.updated_at > now() - make_interval(secs => ?)""";

  private final DataSource dataSource;
  private final Duration refreshInterval;
  private final Duration maxAge;
  private final ScheduledExecutorService refresher;
  private volatile Set<String> full = Set.of();
  private volatile boolean failing;

  /**
   * @param refreshInterval how often the set is read
   * @param maxAge how long a count that found the mailbox full is believed
   */
  public FullMailboxes(DataSource dataSource, Duration refreshInterval, Duration maxAge) {
    this.dataSource = dataSource;
    this.refreshInterval = refreshInterval;
    this.maxAge = maxAge;
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "full-mailboxes-refresh");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads the set now and then every refresh interval. */
  public void start() {
    refresh();
    long millis = refreshInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Whether the mailbox (as the maps name it) was full at the last refresh. */
  public boolean contains(String mailbox) {
    return full.contains(mailbox);
  }

  /** True when no mailbox is full: RCPT then skips the alias expansion the check needs. */
  public boolean isEmpty() {
    return full.isEmpty();
  }

  void refresh() {
    try {
      full = Set.copyOf(read());
      if (failing) {
        LOG.infof("mailbox_usage readable again: %d full mailboxes", full.size());
      }
      failing = false;
    } catch (SQLException | RuntimeException e) {
      full = Set.of();
      if (!failing) {
        LOG.warnf("warning: cannot read mailbox_usage, accepting mail for every mailbox until it can be: %s",
            e.getMessage());
      }
      failing = true;
    }
  }

  private Set<String> read() throws SQLException {
    Set<String> found = new HashSet<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(FULL)) {
      query.setQueryTimeout((int) Math.max(1, refreshInterval.toSeconds()));
      query.setDouble(1, maxAge.toMillis() / 1000.0);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
