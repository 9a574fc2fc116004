package io.postfleet.outboundrelay.dkim;

import io.postfleet.maps.LiveSnapshot;
import io.postfleet.maps.dkim.DkimKeySealer;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The signing keys as the admin API last left them, reloaded when the maps change counter moves
 * (a trigger on {@code dkim_key} bumps it), like every service's recipient maps. With PostgreSQL
 * gone the last keys keep signing.
 */
public final class LiveDkimKeys implements AutoCloseable {
  private final LiveSnapshot<DkimKeyTable> keys;

  public LiveDkimKeys(DataSource dataSource, Optional<DkimKeySealer> sealer, Duration refreshInterval) {
    this.keys = new LiveSnapshot<>("dkim-keys", dataSource, new DkimKeyLoader(sealer), refreshInterval);
  }

  /** Loads the keys once now (failures are retried by the refresh loop) and starts refreshing. */
  public void start() {
    keys.start();
  }

  /** The keys to sign with; null until they were first loaded. */
  public DkimKeyTable current() {
    return keys.current();
  }

  /** True once the keys were loaded; they outlive a database outage. */
  public boolean loaded() {
    return keys.loaded();
  }

  /** False while the database does not answer the refresh. */
  public boolean fresh() {
    return keys.fresh();
  }

  @Override
  public void close() {
    keys.close();
  }
}
