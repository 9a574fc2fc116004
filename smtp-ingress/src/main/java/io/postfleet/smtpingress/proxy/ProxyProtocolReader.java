package io.postfleet.smtpingress.proxy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that a load
 * balancer sends before the client's first byte, and returns the client's real address. It reads
 * exactly the header and not one byte more, since what follows is SMTP or a TLS handshake.
 *
 * <p>A {@code LOCAL} (v2) or {@code UNKNOWN} (v1) header, the balancer's own health check, and
 * address families other than TCP over IPv4 and IPv6 leave the connection's own address in place
 * (empty result), as the specification says. Anything that is not a valid header is an error: on a
 * listener configured for the protocol, a direct connection must not be able to claim an address.
 */
public final class ProxyProtocolReader {
  /** Section 2.1: the longest v1 header, CRLF included. */
  private static final int V1_MAX = 107;
  private static final byte[] V2_SIGNATURE = {
      0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };
  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  /** Section 2.2: more than enough for addresses and the TLVs a balancer adds. */
  private static final int V2_MAX_LENGTH = 4096;

  private ProxyProtocolReader() {}

  /**
   * @return the client's address, or empty when the header says to keep the connection's own
   * @throws MalformedProxyHeaderException when the input is not a PROXY header
   */
  public static Optional<InetAddress> read(InputStream in) throws IOException {
    byte[] start = readFully(in, V2_SIGNATURE.length);
    if (Arrays.equals(start, V2_SIGNATURE)) {
      return version2(in);
    }
    if (Arrays.equals(Arrays.copyOf(start, V1_PREFIX.length), V1_PREFIX)) {
      return version1(in, start);
    }
    throw new MalformedProxyHeaderException("no PROXY protocol signature");
  }

  /** {@code PROXY TCP4 192.0.2.1 198.51.100.1 56324 2525\r\n}, read up to its LF. */
  private static Optional<InetAddress> version1(InputStream in, byte[] start) throws IOException {
    StringBuilder line = new StringBuilder(new String(start, StandardCharsets.US_ASCII));
    while (line.indexOf("\n") < 0) {
      if (line.length() >= V1_MAX) {
        throw new MalformedProxyHeaderException("v1 header too long");
      }
      line.append((char) readByte(in));
    }
    if (!line.toString().endsWith("\r\n")) {
      throw new MalformedProxyHeaderException("v1 header not ended by CRLF");
    }
    String[] f = line.substring(0, line.length() - 2).split(" ", -1);
    if (f.length >= 2 && f[1].equals("UNKNOWN")) {
      return Optional.empty();
    }
    if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))
        || !port(f[4]) || !port(f[5])) {
      throw new MalformedProxyHeaderException("bad v1 header");
    }
    return Optional.of(literal(f[2], f[1].equals("TCP4") ? 4 : 16));
  }

  private static Optional<InetAddress> version2(InputStream in) throws IOException {
    byte[] head = readFully(in, 4);
    int versionCommand = head[0] & 0xff;
    int family = head[1] & 0xff;
    int length = ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    if (versionCommand >> 4 != 2 || (versionCommand & 0x0f) > 1 || length > V2_MAX_LENGTH) {
      throw new MalformedProxyHeaderException("bad v2 version, command or length");
    }
    byte[] body = readFully(in, length);
    if ((versionCommand & 0x0f) == 0) {
      return Optional.empty(); // LOCAL: the balancer speaking for itself
    }
    int addressLength = switch (family >> 4) {
      case 1 -> 4;
      case 2 -> 16;
      default -> 0;
    };
    if (addressLength == 0 || (family & 0x0f) != 1) {
      return Optional.empty(); // UNSPEC, UNIX or not over TCP: keep the connection's address
    }
    if (body.length < 2 * addressLength + 4) {
      throw new MalformedProxyHeaderException("v2 addresses truncated");
    }
    return Optional.of(InetAddress.getByAddress(Arrays.copyOf(body, addressLength)));
  }

  /** Parses an address literal without any DNS lookup, and checks its family. */
  private static InetAddress literal(String text, int octets) throws MalformedProxyHeaderException {
    // Checked by hand: InetAddress would send an invalid IPv4 literal such as 999.1.1.1 to DNS.
    boolean v4 = text.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    boolean v6 = text.matches("[0-9A-Fa-f:.]+") && text.indexOf(':') >= 0;
    if ((octets == 4 && !v4) || (octets == 16 && !v6)) {
      throw new MalformedProxyHeaderException("bad v1 address " + text);
    }
    try {
      InetAddress address = InetAddress.getByName(text);
      if (address.getAddress().length != octets && !(octets == 16 && v6)) {
        throw new MalformedProxyHeaderException("bad v1 address " + text);
      }
      return address;
    } catch (UnknownHostException e) {
      throw new MalformedProxyHeaderException("bad v1 address " + text);
    }
  }

  private static boolean port(String text) {
    return text.matches("\\d{1,5}") && Integer.parseInt(text) <= 65535;
  }

  private static byte[] readFully(InputStream in, int count) throws IOException {
    byte[] bytes = in.readNBytes(count);
    if (bytes.length < count) {
      throw new EOFException("connection closed inside the PROXY header");
    }
    return bytes;
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed inside the PROXY header");
    }
    return b;
  }

  /** The bytes at the start of the connection are not a PROXY protocol header. */
  public static final class MalformedProxyHeaderException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedProxyHeaderException(String message) {
      super(message);
    }
  }
}
