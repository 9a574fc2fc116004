package io.postfleet.smtpingress.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The trusted networks (Postfix's {@code mynetworks}): clients whose mail may be relayed to other
 * domains. Entries are CIDR blocks such as {@code 127.0.0.0/8}, {@code ::1/128} or
 * {@code [2001:db8::]/32}, or single addresses. Parsing never touches DNS: only address literals
 * are accepted, so a typo cannot turn into a lookup at startup.
 */
public final class NetworkList {
  private final List<Network> networks;

  private NetworkList(List<Network> networks) {
    this.networks = List.copyOf(networks);
  }

  /** Parses the entries; blank ones are skipped. */
  public static NetworkList parse(List<String> entries) {
    List<Network> networks = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.strip();
      if (!e.isEmpty()) {
        networks.add(Network.parse(e));
      }
    }
    return new NetworkList(networks);
  }

  /**
   * Parses the entries that are well-formed and reports the others to {@code onBad} with the
   * reason, for lists that come from the database rather than from the operator's configuration.
   */
  public static NetworkList parseSkippingBad(List<String> entries, BiConsumer<String, String> onBad) {
    List<Network> networks = new ArrayList<>();
    for (String entry : entries) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      try {
        networks.add(Network.parse(e));
      } catch (IllegalArgumentException bad) {
        onBad.accept(e, bad.getMessage());
      }
    }
    return new NetworkList(networks);
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Network network : networks) {
      if (network.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return networks.toString();
  }

  private record Network(byte[] prefix, int bits, String text) {

    static Network parse(String entry) {
      int slash = entry.indexOf('/');
      String host = slash < 0 ? entry : entry.substring(0, slash);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      byte[] address = literal(host, entry);
      int max = address.length * 8;
      int bits = slash < 0 ? max : prefixLength(entry.substring(slash + 1), max, entry);
      for (int bit = bits; bit < max; bit++) {
        if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
          // Postfix refuses such entries too: the intent is ambiguous.
          throw new IllegalArgumentException("non-null host address bits in \"" + entry
              + "\", perhaps you should use \"" + masked(address, bits) + "/" + bits + "\"");
        }
      }
      return new Network(address, bits, entry);
    }

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit += 8) {
        int mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
        if (((address[bit / 8] ^ prefix[bit / 8]) & mask) != 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return text;
    }

    private static byte[] literal(String host, String entry) {
      if (host.indexOf(':') >= 0) {
        try {
          // A string with a colon is parsed as an IPv6 literal, never looked up in DNS.
          return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("bad IPv6 network in \"" + entry + "\"");
        }
      }
      String[] parts = host.split("\\.", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException("bad IPv4 network in \"" + entry + "\"");
      }
      byte[] address = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
          throw new IllegalArgumentException("bad IPv4 network in \"" + entry + "\"");
        }
        address[i] = (byte) Integer.parseInt(parts[i]);
      }
      return address;
    }

    private static int prefixLength(String text, int max, String entry) {
      if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > max) {
        throw new IllegalArgumentException("bad prefix length in \"" + entry + "\"");
      }
      return Integer.parseInt(text);
    }

    private static String masked(byte[] address, int bits) {
      byte[] copy = address.clone();
      for (int bit = bits; bit < copy.length * 8; bit++) {
        copy[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      try {
        return InetAddress.getByAddress(copy).getHostAddress();
      } catch (UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }
}
