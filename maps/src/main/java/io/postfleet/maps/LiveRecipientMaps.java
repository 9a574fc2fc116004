package io.postfleet.maps;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The maps as every service sees them: an immutable snapshot in memory (a {@link LiveSnapshot}),
 * swapped whole when the database's change counter moves.
 *
 * <p>When the database becomes unreachable the last snapshot keeps answering (mail keeps flowing on
 * known maps) and {@link #fresh()} turns false; before the first load every answer is
 * {@link RecipientStatus#UNAVAILABLE} or {@link MapsAnswer#UNAVAILABLE}, a temporary failure, never a
 * reject nor a pass.
 */
public final class LiveRecipientMaps implements RecipientMaps, ClientMaps, AutoCloseable {
  private final LiveSnapshot<MapsSnapshot> maps;

  public LiveRecipientMaps(DataSource dataSource, Duration refreshInterval) {
    this.maps = new LiveSnapshot<>("maps", dataSource, JdbcMapsReader::read, refreshInterval);
  }

  /** Loads the maps once now (failures are retried by the refresh loop) and starts refreshing. */
  public void start() {
    maps.start();
  }

  @Override
  public RecipientStatus status(String address) {
    MapsSnapshot snapshot = maps.current();
    return snapshot == null ? RecipientStatus.UNAVAILABLE : snapshot.status(address);
  }

  @Override
  public List<String> mailboxes(String address) {
    MapsSnapshot snapshot = maps.current();
    return snapshot == null ? List.of() : snapshot.mailboxes(address);
  }

  @Override
  public List<String> trustedNetworks() {
    MapsSnapshot snapshot = maps.current();
    return snapshot == null ? List.of() : snapshot.trustedNetworks();
  }

  @Override
  public MapsAnswer verifyPassword(String username, char[] password) {
    MapsSnapshot snapshot = maps.current();
    return snapshot == null ? MapsAnswer.UNAVAILABLE : MapsAnswer.of(snapshot.verifyPassword(username, password));
  }

  @Override
  public MapsAnswer maySendAs(String login, String sender) {
    MapsSnapshot snapshot = maps.current();
    return snapshot == null ? MapsAnswer.UNAVAILABLE : MapsAnswer.of(snapshot.maySendAs(login, sender));
  }

  /**
   * True once the maps were loaded: with the database gone, the last snapshot keeps mail flowing,
   * so a service stays ready; only one that never had maps cannot judge a single recipient.
   */
  public boolean loaded() {
    return maps.loaded();
  }

  /** False while the database does not answer the refresh; for health data, not for readiness. */
  public boolean fresh() {
    return maps.fresh();
  }

  /**
   * Checks the change counter now, reloading if it moved, and returns the snapshot to use. Routing
   * calls this once per batch: a message accepted by smtp-ingress under a map change is then never
   * routed by maps older than that change (one one-row query per batch, not per message). When the
   * database cannot be reached, the last snapshot is returned; null only if none was ever loaded.
   */
  public MapsSnapshot refreshNow() {
    return maps.refreshNow();
  }

  @Override
  public void close() {
    maps.close();
  }
}
