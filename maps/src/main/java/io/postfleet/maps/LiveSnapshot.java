package io.postfleet.maps;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Something read from queue-manager's tables and kept in memory, reloaded whole when the change
 * counter {@code maps_version} moves (triggers bump it on every change of a map table). One indexed
 * one-row query per refresh interval replaces a query per use; a change made through the admin API
 * is seen within one interval.
 *
 * <p>When the database becomes unreachable the last value keeps serving and {@link #fresh()} turns
 * false; {@link #current()} is null only until the first successful load.
 *
 * @param <T> the immutable value built from the tables
 */
public final class LiveSnapshot<T> implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LiveSnapshot.class);

  /** Builds the value from the tables, inside a read-only repeatable-read transaction. */
  @FunctionalInterface
  public interface Loader<T> {
    /** @param version the change counter as this transaction sees it */
    T load(Connection connection, long version) throws SQLException;
  }

  private record Loaded<T>(long version, T value) {}

  private final String name;
  private final DataSource dataSource;
  private final Loader<T> loader;
  private final Duration refreshInterval;
  private final AtomicReference<Loaded<T>> current = new AtomicReference<>();
  private final ScheduledExecutorService refresher;
  private volatile boolean lastAttemptFailed;

  /** @param name what is loaded, for log lines and the refresh thread's name */
  public LiveSnapshot(String name, DataSource dataSource, Loader<T> loader, Duration refreshInterval) {
    this.name = name;
    this.dataSource = dataSource;
    this.loader = loader;
    this.refreshInterval = refreshInterval;
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-refresh");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads once now (failures are retried by the refresh loop) and starts refreshing. */
  public void start() {
    refresh();
    long millis = refreshInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** The last value loaded; null if none ever was. */
  public T current() {
    Loaded<T> loaded = current.get();
    return loaded == null ? null : loaded.value();
  }

  /** Checks the change counter now, reloading if it moved, and returns the value to use. */
  public T refreshNow() {
    refresh();
    return current();
  }

  /** True once a value was loaded: it keeps serving through a database outage. */
  public boolean loaded() {
    return current.get() != null;
  }

  /** False while the database does not answer the refresh; for health data, not for readiness. */
  public boolean fresh() {
    return !lastAttemptFailed;
  }

  private synchronized void refresh() {
    try {
      Loaded<T> loaded = current.get();
      if (loaded == null || currentVersion() != loaded.version()) {
        Loaded<T> fresh = load();
        current.set(fresh);
        LOG.infof("%s loaded at version %d", name, fresh.version());
      }
      if (lastAttemptFailed) {
        LOG.infof("%s: database reachable again", name);
      }
      lastAttemptFailed = false;
    } catch (Exception e) {
      if (!lastAttemptFailed) {
        LOG.warnf("cannot refresh %s, serving the last snapshot: %s", name, e.getMessage());
      }
      lastAttemptFailed = true;
    }
  }

  private long currentVersion() throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      return version(s);
    }
  }

  /** Reads the counter and the tables in one repeatable-read transaction, so they agree. */
  private Loaded<T> load() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try (Statement s = c.createStatement()) {
        long version = version(s);
        T value = loader.load(c, version);
        c.commit();
        return new Loaded<>(version, value);
      } finally {
        c.setReadOnly(false);
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static long version(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("select version from maps_version where id = 1")) {
      if (!rs.next()) {
        throw new SQLException("maps_version has no row: has queue-manager migrated the schema?");
      }
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
