package io.postfleet.smtpingress.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits shared by every listener of one server.
 *
 * @param maxConnections concurrent sessions in total; more are answered 421 and closed
 * @param clientConnectionLimit concurrent sessions per client address, 0 for no limit
 *     (smtpd_client_connection_count_limit)
 * @param clientRateLimit connections per client address per {@code rateTimeUnit}, 0 for no limit
 *     (smtpd_client_connection_rate_limit)
 * @param rateTimeUnit the window of the rate limit (anvil_rate_time_unit)
 * @param proxyTimeout how long a PROXY protocol header may take (smtpd_upstream_proxy_timeout)
 * @param shutdownGrace how long open transactions may take to finish at shutdown
 */
public record ServerLimits(int maxConnections, int clientConnectionLimit, int clientRateLimit,
    Duration rateTimeUnit, Duration proxyTimeout, Duration shutdownGrace) {

  public ServerLimits {
    Objects.requireNonNull(rateTimeUnit, "rateTimeUnit");
    Objects.requireNonNull(proxyTimeout, "proxyTimeout");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (maxConnections < 1 || clientConnectionLimit < 0 || clientRateLimit < 0 || rateTimeUnit.isZero()) {
      throw new IllegalArgumentException("bad connection limits");
    }
  }
}
