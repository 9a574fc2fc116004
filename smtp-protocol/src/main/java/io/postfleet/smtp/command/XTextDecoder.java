package io.postfleet.smtp.command;

import java.util.Optional;

/**
 * Decodes xtext, the encoding of the DSN parameters ENVID and ORCPT and of MAIL's AUTH= (RFC 3461
 * §4, RFC 4954 §5): printable ASCII but {@code +} and {@code =} stands for itself, {@code +XX}
 * (upper-case hex) for any octet. The decoded value must be printable ASCII too, because it ends up
 * in the headers of a bounce (RFC 3464 Original-Envelope-Id, Original-Recipient), where a CR, LF or
 * NUL smuggled in as {@code +0D} would let a client write headers of its own.
 */
final class XTextDecoder {
  private XTextDecoder() {}

  /** The decoded text, or empty when {@code xtext} is not valid xtext or decodes to a control. */
  static Optional<String> decode(String xtext) {
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
