package io.postfleet.queuemanager.settings;

import io.postfleet.queuemanager.admin.ApiProblem;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Validates mynetworks entries: an IPv4 or IPv6 literal with a prefix length. Like Postfix, an entry
 * with host bits set is refused rather than silently widened or narrowed.
 */
public final class Cidrs {
  private Cidrs() {}

  public static String normalise(String raw) {
    String value = raw == null ? "" : raw.trim();
    int slash = value.indexOf('/');
    String host = slash < 0 ? value : value.substring(0, slash);
    // Literals only: InetAddress.getByName would resolve a name through DNS.
    if (!host.matches("[0-9.]+") && !host.matches("[0-9A-Fa-f:.]+") || host.isEmpty()) {
      throw ApiProblem.invalid("'" + raw + "' is not an IP network (address/prefix)");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw ApiProblem.invalid("'" + raw + "' is not an IP network (address/prefix)");
    }
    int bits = address.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(value.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw ApiProblem.invalid("'" + raw + "' has no valid prefix length");
    }
    if (prefix < 0 || prefix > bits) {
      throw ApiProblem.invalid("'" + raw + "': prefix length must be 0 to " + bits);
    }
    BigInteger value2 = new BigInteger(1, address.getAddress());
    BigInteger hostBits = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    if (!value2.and(hostBits).equals(BigInteger.ZERO)) {
      throw ApiProblem.invalid("'" + raw + "' has host bits set; use the network address");
    }
    return address.getHostAddress() + "/" + prefix;
  }
}
