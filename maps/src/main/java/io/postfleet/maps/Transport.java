package io.postfleet.maps;

import java.util.Objects;

/**
 * A transport(5) entry: where mail for an address or domain goes instead of the default.
 *
 * @param kind local delivery, SMTP to a next hop, a bounce with a reply, or a command (pipe(8))
 * @param nexthop SMTP: {@code [host]:port} (no MX lookup) or {@code host} (MX lookup of host);
 *     ERROR: an enhanced status code and text, {@code 5.7.1 no mail for this domain}; LOCAL: empty;
 *     PIPE: the command and its arguments, as {@code io.postfleet.contract.PipeCommand} reads them
 */
public record Transport(Kind kind, String nexthop) {
  public enum Kind {
    LOCAL,
    SMTP,
    ERROR,
    PIPE
  }

  public Transport {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(nexthop, "nexthop");
  }
}
