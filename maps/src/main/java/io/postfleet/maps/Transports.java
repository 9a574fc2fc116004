package io.postfleet.maps;

import java.util.Map;

/**
 * The transport table and the default relayhost. Lookup order as Postfix's transport(5): the full
 * address, then the domain, then each parent domain as {@code .parent}; without a match, the
 * relayhost if one is set, else the recipient's own domain by MX.
 */
final class Transports {
  private final Map<String, Transport> table;
  private final String relayhost;

  Transports(Map<String, Transport> table, String relayhost) {
    this.table = Map.copyOf(table);
    this.relayhost = relayhost;
  }

  /** The transport entry for an address, or null when the default applies. */
  Transport find(Address address) {
    Transport t = table.get(address.full());
    if (t != null) {
      return t;
    }
    t = table.get(address.domain());
    for (String d = address.domain(); t == null && d.indexOf('.') > 0;) {
      d = d.substring(d.indexOf('.') + 1);
      t = table.get("." + d);
    }
    return t;
  }

  /** Routes an address that goes out by SMTP unless its transport says otherwise. */
  Route remote(Address address, Trace trace, int depth) {
    Transport t = find(address);
    if (t == null) {
      trace.add(depth, relayhost.isEmpty()
          ? "transport: no entry; MX lookup of " + address.domain()
          : "transport: no entry; relayhost " + relayhost);
      return new Route.Remote(address.full(), relayhost.isEmpty() ? address.domain() : relayhost);
    }
    trace.add(depth, "transport: " + t.kind() + (t.nexthop().isEmpty() ? "" : " " + t.nexthop()));
    return switch (t.kind()) {
      case SMTP -> new Route.Remote(address.full(), t.nexthop().isEmpty() ? address.domain() : t.nexthop());
      case ERROR -> error(address, t.nexthop());
      case PIPE -> new Route.Pipe(address.full(), t.nexthop());
      case LOCAL -> new Route.Undeliverable(address.full(), "5.1.1",
          "local transport for an address without a mailbox here");
    };
  }

  /** {@code error:} transport text: an optional leading enhanced code, then the reason. */
  static Route error(Address address, String spec) {
    String[] parts = spec.trim().split("\\s+", 2);
    if (parts.length > 0 && parts[0].matches("[45]\\.\\d{1,3}\\.\\d{1,3}")) {
      return new Route.Undeliverable(address.full(), parts[0], parts.length > 1 ? parts[1] : "delivery refused");
    }
    return new Route.Undeliverable(address.full(), "5.0.0", spec.isBlank() ? "delivery refused" : spec.trim());
  }
}
