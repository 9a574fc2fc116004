package io.postfleet.maps;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The maps as every service sees them: an immutable snapshot in memory, swapped whole when the
 * database's change counter moves. One indexed one-row query per refresh interval replaces a query
 * per SMTP command; a change made through the admin API is seen within one interval.
 *
 * <p>When the database becomes unreachable the last snapshot keeps answering (mail keeps flowing on
 * known maps) and {@link #fresh()} turns false; before the first load every answer is
 * {@link RecipientStatus#UNAVAILABLE}, a temporary failure, never a reject.
 */
public final class LiveRecipientMaps implements RecipientMaps, ClientMaps, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LiveRecipientMaps.class);

  private final JdbcMapsReader reader;
  private final Duration refreshInterval;
  private final AtomicReference<MapsSnapshot> current = new AtomicReference<>();
  private final ScheduledExecutorService refresher;
  private volatile boolean lastAttemptFailed;

  public LiveRecipientMaps(DataSource dataSource, Duration refreshInterval) {
    this.reader = new JdbcMapsReader(dataSource);
    this.refreshInterval = refreshInterval;
    this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "maps-refresh");
      t.setDaemon(true);
      return t;
    });
  }

  /** Loads the maps once now (failures are retried by the refresh loop) and starts refreshing. */
  public void start() {
    refresh();
    long millis = refreshInterval.toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public RecipientStatus status(String address) {
    MapsSnapshot snapshot = current.get();
    return snapshot == null ? RecipientStatus.UNAVAILABLE : snapshot.status(address);
  }

  @Override
  public List<String> trustedNetworks() {
    MapsSnapshot snapshot = current.get();
    return snapshot == null ? List.of() : snapshot.trustedNetworks();
  }

  @Override
  public boolean verifyPassword(String username, char[] password) {
    MapsSnapshot snapshot = current.get();
    return snapshot != null && snapshot.verifyPassword(username, password);
  }

  @Override
  public boolean maySendAs(String login, String sender) {
    MapsSnapshot snapshot = current.get();
    return snapshot == null || snapshot.maySendAs(login, sender);
  }

  /**
   * True once the maps were loaded: with the database gone, the last snapshot keeps mail flowing,
   * so a service stays ready; only one that never had maps cannot judge a single recipient.
   */
  public boolean loaded() {
    return current.get() != null;
  }

  /** False while the database does not answer the refresh; for health data, not for readiness. */
  public boolean fresh() {
    return !lastAttemptFailed;
  }

  /**
   * Checks the change counter now, reloading if it moved, and returns the snapshot to use. Routing
   * calls this once per batch: a message accepted by smtp-ingress under a map change is then never
   * routed by maps older than that change (one one-row query per batch, not per message). When the
   * database cannot be reached, the last snapshot is returned; null only if none was ever loaded.
   */
  public MapsSnapshot refreshNow() {
    refresh();
    return current.get();
  }

  private synchronized void refresh() {
    try {
      MapsSnapshot snapshot = current.get();
      if (snapshot == null || reader.currentVersion() != snapshot.version()) {
        MapsSnapshot fresh = reader.read();
        current.set(fresh);
        LOG.infof("maps loaded at version %d", fresh.version());
      }
      if (lastAttemptFailed) {
        LOG.info("maps database reachable again");
      }
      lastAttemptFailed = false;
    } catch (Exception e) {
      if (!lastAttemptFailed) {
        LOG.warnf("cannot refresh maps, serving the last snapshot: %s", e.getMessage());
      }
      lastAttemptFailed = true;
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
