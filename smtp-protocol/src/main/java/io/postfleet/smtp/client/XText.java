package io.postfleet.smtp.client;

import java.nio.charset.StandardCharsets;

/**
 * The xtext encoding of DSN parameter values (RFC 3461 §4): printable ASCII stays as it is, except
 * {@code +} and {@code =}; every other octet becomes {@code +XX} in upper-case hex.
 */
public final class XText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private XText() {}

  /** Encodes the UTF-8 octets of the value. */
  public static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= '!' && c <= '~' && c != '+' && c != '=') {
        out.append((char) c);
      } else {
        out.append('+').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
