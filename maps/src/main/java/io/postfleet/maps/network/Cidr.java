package io.postfleet.maps.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One network of Postfix's {@code mynetworks}, in its syntax: {@code 192.0.2.0/24},
 * {@code [2001:db8::]/32} or a single address ({@code 192.0.2.7}, {@code [::1]}). Postfix wants the
 * brackets around IPv6 because a colon there would start a {@code type:table}; our lists are never
 * lookup-table names, so {@code 2001:db8::/32} without brackets is accepted as well.
 *
 * <p>Only address literals are accepted: parsing never touches DNS, so a typo cannot turn into a
 * lookup. An entry with bits set beyond its prefix ({@code 10.1.2.3/16}) is refused with Postfix's
 * message rather than masked: Postfix itself masks it with a warning, but an administrator who
 * typed a host address most likely meant a narrower network, and here a refusal reaches them at
 * once (an HTTP 400, a service that does not start) instead of a log line nobody reads.
 *
 * <p>IPv4 clients are matched as IPv4, as Postfix's smtpd converts {@code ::ffff:a.b.c.d} (and
 * Java already does); an IPv4-mapped network such as {@code [::ffff:127.0.0.0]/104}, which is in
 * Postfix's default mynetworks, therefore matches as {@code 127.0.0.0/8} does.
 */
public final class Cidr {
  private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

  private final byte[] network;
  private final int bits;
  private final String text;

  private Cidr(byte[] network, int bits, String text) {
    this.network = network;
    this.bits = bits;
    this.text = text;
  }

  /**
   * Parses one entry (surrounding blanks ignored).
   *
   * @throws IllegalArgumentException naming the entry, if it is not an address or network literal
   */
  public static Cidr parse(String entry) {
    String e = entry == null ? "" : entry.strip();
    int slash = e.indexOf('/');
    String host = slash < 0 ? e : e.substring(0, slash);
    boolean bracketed = host.length() > 1 && host.startsWith("[") && host.endsWith("]");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    }
    byte[] address = host.indexOf(':') >= 0 ? ipv6(host, e) : ipv4(host, e);
    int max = address.length * 8;
    int bits = slash < 0 ? max : prefixLength(e.substring(slash + 1), max, e);
    byte[] masked = mask(address, bits);
    if (!Arrays.equals(masked, address)) {
      throw new IllegalArgumentException("non-null host address bits in \"" + e + "\", perhaps you should use \""
          + format(masked) + "/" + bits + "\" instead");
    }
    String text = format(address) + "/" + bits;
    if (address.length == 16 && bits >= 96 && Arrays.equals(Arrays.copyOf(address, 12), MAPPED_PREFIX)) {
      return new Cidr(Arrays.copyOfRange(address, 12, 16), bits - 96, text);
    }
    return new Cidr(address, bits, text);
  }

  public boolean contains(InetAddress client) {
    byte[] address = client.getAddress();
    return address.length == network.length && Arrays.equals(mask(address, bits), network);
  }

  /** The canonical form: {@code 192.0.2.0/24}, {@code 2001:db8::/32} (RFC 5952), always with a prefix. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  private static byte[] ipv4(String host, String entry) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("bad IPv4 network in \"" + entry + "\"");
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      // A leading zero is refused: some resolvers read 010 as octal 8.
      if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
        throw new IllegalArgumentException("bad IPv4 network in \"" + entry + "\"");
      }
      address[i] = (byte) Integer.parseInt(parts[i]);
    }
    return address;
  }

  private static byte[] ipv6(String host, String entry) {
    // No zone id (%eth0) and no names: what is left with a colon is parsed, never looked up.
    if (!host.matches("[0-9A-Fa-f:.]+")) {
      throw new IllegalArgumentException("bad IPv6 network in \"" + entry + "\"");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bad IPv6 network in \"" + entry + "\"");
    }
    if (address.length == 4) {
      // Java hands ::ffff:a.b.c.d back as IPv4; the entry was written as IPv6, prefix and all.
      byte[] mapped = Arrays.copyOf(MAPPED_PREFIX, 16);
      System.arraycopy(address, 0, mapped, 12, 4);
      return mapped;
    }
    return address;
  }

  private static int prefixLength(String text, int max, String entry) {
    if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > max) {
      throw new IllegalArgumentException("bad prefix length in \"" + entry + "\"");
    }
    return Integer.parseInt(text);
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] masked = address.clone();
    for (int bit = bits; bit < masked.length * 8; bit++) {
      masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return masked;
  }

  /** IPv4 dotted; IPv6 in the short form of RFC 5952 §4, IPv4-mapped with a dotted tail (§5). */
  private static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }
    if (Arrays.equals(Arrays.copyOf(address, 12), MAPPED_PREFIX)) {
      return "::ffff:" + format(Arrays.copyOfRange(address, 12, 16));
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // §4.2.2: "::" never stands for a single zero group
    for (int i = 0; i < 8; i++) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) { // §4.2.3: the first of equally long runs
        bestStart = i;
        bestLength = length;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
