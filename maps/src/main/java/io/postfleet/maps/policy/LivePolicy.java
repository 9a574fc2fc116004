package io.postfleet.maps.policy;

import io.postfleet.maps.LiveSnapshot;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The sender-check policy as an smtp-ingress pod serves it: a {@link LiveSnapshot} of the policy
 * tables, reloaded whole when {@code maps_version} moves, so a change through {@code /api/v1/policy}
 * is applied within one refresh interval. With the database gone the last policy keeps serving.
 */
public final class LivePolicy implements AutoCloseable {
  private final LiveSnapshot<MailPolicy> policy;

  public LivePolicy(DataSource dataSource, Duration refreshInterval) {
    this.policy = new LiveSnapshot<>("policy", dataSource, JdbcPolicyReader::read, refreshInterval);
  }

  /** Loads the policy once now (failures are retried by the refresh loop) and starts refreshing. */
  public void start() {
    policy.start();
  }

  /**
   * The policy to apply; null until the first load (see {@link #loaded()}): a session that cannot
   * know its policy answers with a temporary failure, as one without maps does.
   */
  public MailPolicy current() {
    return policy.current();
  }

  /** True once a policy was loaded; it keeps serving through a database outage. */
  public boolean loaded() {
    return policy.loaded();
  }

  /** False while the database does not answer the refresh; for health data, not for readiness. */
  public boolean fresh() {
    return policy.fresh();
  }

  /** Checks the change counter now, reloading if it moved; null only if nothing was ever loaded. */
  public MailPolicy refreshNow() {
    return policy.refreshNow();
  }

  @Override
  public void close() {
    policy.close();
  }
}
