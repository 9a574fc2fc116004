package io.postfleet.maps.policy;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@link DnsblPolicy#zones()}, in Postfix's postscreen_dnsbl_sites syntax
 * {@code zone[=filter][*weight]}: the DNSBL or DNSWL zone, the pattern an A answer must match to
 * count (each octet a number, a range {@code [2..11]}, a list {@code [2;4;6]}, or a list of both
 * {@code [1;3..5]}, as Postfix's ip_match does), and the weight it adds to the score (1 by default;
 * negative for an allowlist).
 *
 * @param zone lower case, without the trailing dot
 * @param filter four octets, each the ranges its value may fall in; empty when any answer counts
 * @param weight added once when an answer matches; never 0
 */
public record DnsblSite(String zone, List<List<OctetRange>> filter, int weight) {
  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL = 63;

  /** Octet values from {@code low} to {@code high}, both included; a plain number is one such range. */
  public record OctetRange(int low, int high) {
    public OctetRange {
      if (low < 0 || high > 255 || low > high) {
        throw new IllegalArgumentException("octet range " + low + ".." + high + " is not within 0..255");
      }
    }

    boolean contains(int value) {
      return value >= low && value <= high;
    }
  }

  public DnsblSite {
    Objects.requireNonNull(zone, "zone");
    filter = filter.stream().map(List::copyOf).toList();
    if (!filter.isEmpty() && filter.size() != 4) {
      throw new IllegalArgumentException("a DNSBL filter has four octets, not " + filter.size());
    }
    if (weight == 0) {
      throw new IllegalArgumentException("DNSBL weight 0 would never count; use a positive weight"
          + " for a blocklist or a negative one for an allowlist");
    }
  }

  /**
   * Parses {@code zone[=filter][*weight]}, e.g. {@code zen.spamhaus.org=127.0.0.[2..11]*3} or
   * {@code list.dnswl.org=127.0.[0..255].[1..3]*-5}.
   *
   * @throws IllegalArgumentException naming what is wrong with the spec
   */
  public static DnsblSite parse(String spec) {
    String rest = spec.trim();
    int weight = 1;
    int star = rest.lastIndexOf('*');
    if (star >= 0) {
      weight = parseWeight(spec, rest.substring(star + 1));
      rest = rest.substring(0, star);
    }
    List<List<OctetRange>> filter = List.of();
    int equals = rest.indexOf('=');
    if (equals >= 0) {
      filter = parseFilter(spec, rest.substring(equals + 1));
      rest = rest.substring(0, equals);
    }
    String zone = parseZone(spec, rest);
    try {
      return new DnsblSite(zone, filter, weight);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DNSBL site '" + spec + "': " + e.getMessage(), e);
    }
  }

  /** Whether an A answer of the zone fits the filter (any answer does when there is none). */
  public boolean matches(Inet4Address answer) {
    byte[] octets = answer.getAddress();
    for (int i = 0; i < filter.size(); i++) {
      int value = octets[i] & 0xff;
      if (filter.get(i).stream().noneMatch(range -> range.contains(value))) {
        return false;
      }
    }
    return true;
  }

  private static int parseWeight(String spec, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("DNSBL site '" + spec + "': weight '" + text + "' is not an integer", e);
    }
  }

  /** A domain name of LDH labels (RFC 1035 §2.3.1, RFC 1123 §2.1), at most 253 octets. */
  private static String parseZone(String spec, String text) {
    String zone = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    zone = zone.toLowerCase(Locale.ROOT);
    if (zone.isEmpty() || zone.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "DNSBL site '" + spec + "': the zone must be a domain name of 1 to 253 octets");
    }
    for (String label : zone.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > MAX_LABEL || !label.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?")) {
        throw new IllegalArgumentException("DNSBL site '" + spec + "': '" + label + "' is not a domain name label");
      }
    }
    return zone;
  }

  private static List<List<OctetRange>> parseFilter(String spec, String text) {
    List<List<OctetRange>> octets = new ArrayList<>();
    int i = 0;
    while (true) {
      int end;
      if (i < text.length() && text.charAt(i) == '[') {
        end = text.indexOf(']', i);
        if (end < 0) {
          throw badFilter(spec, "'[' without ']'");
        }
        List<OctetRange> ranges = new ArrayList<>();
        for (String item : text.substring(i + 1, end).split(";", -1)) {
          ranges.add(parseRange(spec, item));
        }
        octets.add(ranges);
        end++;
      } else {
        end = i;
        while (end < text.length() && text.charAt(end) != '.') {
          end++;
        }
        int value = parseOctet(spec, text.substring(i, end));
        octets.add(List.of(new OctetRange(value, value)));
      }
      if (end == text.length()) {
        break;
      }
      if (text.charAt(end) != '.') {
        throw badFilter(spec, "expected '.' after octet " + octets.size());
      }
      i = end + 1;
    }
    if (octets.size() != 4) {
      throw badFilter(spec, "an IPv4 pattern has four octets, not " + octets.size());
    }
    return octets;
  }

  private static OctetRange parseRange(String spec, String item) {
    int dots = item.indexOf("..");
    if (dots < 0) {
      int value = parseOctet(spec, item);
      return new OctetRange(value, value);
    }
    int low = parseOctet(spec, item.substring(0, dots));
    int high = parseOctet(spec, item.substring(dots + 2));
    if (low > high) {
      throw badFilter(spec, "range " + item + " runs backwards");
    }
    return new OctetRange(low, high);
  }

  private static int parseOctet(String spec, String text) {
    if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > 255) {
      throw badFilter(spec, "'" + text + "' is not an octet (0 to 255)");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException badFilter(String spec, String why) {
    return new IllegalArgumentException("DNSBL site '" + spec + "': bad filter: " + why);
  }
}
