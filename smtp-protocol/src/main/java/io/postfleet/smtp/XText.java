package io.postfleet.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * xtext, the encoding of the DSN parameters ENVID and ORCPT and of MAIL's AUTH= (RFC 3461 §4,
 * RFC 4954 §5): printable ASCII but {@code +} and {@code =} stands for itself, {@code +XX}
 * (upper-case hex) for any octet. One class for both directions, so that what smtp-ingress reads
 * and what outbound-relay writes can never follow two readings of the grammar.
 */
public final class XText {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private XText() {}

  /**
   * Encodes the UTF-8 octets of the value: {@code +}, {@code =}, space, controls and every octet
   * above {@code ~} become {@code +XX}, the rest stays. {@code decode(encode(v))} is {@code v} for
   * every value {@link #decode} accepts.
   */
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

  /**
   * The decoded text, or empty when {@code xtext} is not valid xtext or decodes to anything but
   * printable ASCII and space. The decoded value ends up in the headers of a bounce (RFC 3464
   * Original-Envelope-Id, Original-Recipient), where a CR, LF or NUL smuggled in as {@code +0D}
   * would let a client write headers of its own; and an octet above {@code ~} would be half a
   * UTF-8 character that nothing downstream could tell from Latin-1.
   */
  public static Optional<String> decode(String xtext) {
    StringBuilder out = new StringBuilder(xtext.length());
    for (int i = 0; i < xtext.length(); i++) {
      char c = xtext.charAt(i);
      if (c < '!' || c > '~' || c == '=') {
        return Optional.empty();
      }
      if (c == '+') {
        if (i + 2 >= xtext.length()) {
          return Optional.empty();
        }
        int high = hex(xtext.charAt(i + 1));
        int low = hex(xtext.charAt(i + 2));
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        c = (char) (high * 16 + low);
        if (c < ' ' || c > '~') {
          return Optional.empty();
        }
        i += 2;
      }
      out.append(c);
    }
    return Optional.of(out.toString());
  }

  /** RFC 3461 §4 spells hexchar with upper-case letters only. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
