package io.postfleet.smtpingress.policy;

import io.postfleet.maps.ClientMaps;
import io.postfleet.maps.network.NetworkList;
import java.net.InetAddress;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Postfix's mynetworks: the networks configured with {@code postfleet.smtp.trusted-networks} and
 * those kept in the database (admin API). The database list is parsed once per maps snapshot, not
 * per command: the maps hand out the same list object until they load a new snapshot, so a change
 * of identity is a change of content. An entry the database holds but we cannot parse is skipped
 * with a warning, so one bad row never stops mail from the others.
 */
public final class TrustedNetworks {
  private static final Logger LOG = Logger.getLogger(TrustedNetworks.class);

  private final NetworkList configured;
  private final ClientMaps maps;
  private volatile Parsed fromMaps = new Parsed(List.of(), NetworkList.parse(List.of()));

  public TrustedNetworks(NetworkList configured, ClientMaps maps) {
    this.configured = configured;
    this.maps = maps;
  }

  public boolean contains(InetAddress client) {
    return configured.contains(client) || current().networks().contains(client);
  }

  private Parsed current() {
    List<String> entries = maps.trustedNetworks();
    Parsed parsed = fromMaps;
    if (parsed.source() != entries) {
      parsed = new Parsed(entries, NetworkList.parseSkippingBad(entries,
          (entry, problem) -> LOG.warnf("warning: trusted network %s from the database: %s", entry, problem)));
      fromMaps = parsed;
    }
    return parsed;
  }

  private record Parsed(List<String> source, NetworkList networks) {}
}
