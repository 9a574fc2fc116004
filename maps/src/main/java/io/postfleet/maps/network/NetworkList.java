package io.postfleet.maps.network;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A list of networks (Postfix's {@code mynetworks}): entries in {@link Cidr}'s syntax, such as
 * {@code 127.0.0.0/8}, {@code [::1]/128}, {@code ::1/128} or single addresses.
 */
public final class NetworkList {
  private final List<Cidr> networks;

  private NetworkList(List<Cidr> networks) {
    this.networks = List.copyOf(networks);
  }

  /**
   * Parses the entries; blank ones are skipped.
   *
   * @throws IllegalArgumentException for the first entry that is not a network, naming it
   */
  public static NetworkList parse(List<String> entries) {
    List<Cidr> networks = new ArrayList<>();
    for (String entry : entries) {
      if (!entry.isBlank()) {
        networks.add(Cidr.parse(entry));
      }
    }
    return new NetworkList(networks);
  }

  /**
   * Parses the entries that are well-formed and reports the others to {@code onBad} with the
   * reason, for lists that come from the database rather than from the operator's configuration:
   * like Postfix, which skips a bad mynetworks pattern with a warning, one bad row does not stop
   * the others from counting.
   */
  public static NetworkList parseSkippingBad(List<String> entries, BiConsumer<String, String> onBad) {
    List<Cidr> networks = new ArrayList<>();
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        networks.add(Cidr.parse(entry));
      } catch (IllegalArgumentException bad) {
        onBad.accept(entry.strip(), bad.getMessage());
      }
    }
    return new NetworkList(networks);
  }

  public boolean contains(InetAddress address) {
    for (Cidr network : networks) {
      if (network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return networks.toString();
  }
}
