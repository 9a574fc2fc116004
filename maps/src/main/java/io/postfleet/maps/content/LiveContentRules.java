package io.postfleet.maps.content;

import io.postfleet.maps.LiveSnapshot;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The header and body rules as an smtp-ingress pod applies them: a {@link LiveSnapshot} of
 * {@code content_check_rule}, reloaded whole when {@code maps_version} moves, so a change through
 * {@code /api/v1/content-checks} applies within one refresh interval, without a restart.
 */
public final class LiveContentRules implements AutoCloseable {
  private final LiveSnapshot<ContentRules> rules;

  public LiveContentRules(DataSource dataSource, Duration refreshInterval) {
    this.rules = new LiveSnapshot<>("content checks", dataSource, JdbcContentRulesReader::read, refreshInterval);
  }

  public void start() {
    rules.start();
  }

  /** The rules to apply; null until the first load. */
  public ContentRules current() {
    return rules.current();
  }

  /** Checks the change counter now, reloading if it moved. */
  public ContentRules refreshNow() {
    return rules.refreshNow();
  }

  @Override
  public void close() {
    rules.close();
  }
}
