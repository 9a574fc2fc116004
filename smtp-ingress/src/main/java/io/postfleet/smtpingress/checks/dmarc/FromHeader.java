package io.postfleet.smtpingress.checks.dmarc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.field.address.ParseException;

/** The RFC5322.From domain DMARC evaluates (RFC 7489 §6.6.1), read with mime4j's RFC 5322 parser. */
final class FromHeader {
  private FromHeader() {}

  /**
   * The unfolded values of every From: field in the header section (the bytes up to the first
   * empty line, RFC 5322 §2.1), read as UTF-8 (RFC 6532).
   */
  static List<String> values(byte[] message) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    while (start < message.length) {
      int lf = indexOf(message, (byte) '\n', start);
      int end = lf < 0 ? message.length : lf;
      int contentEnd = end > start && message[end - 1] == '\r' ? end - 1 : end;
      if (contentEnd == start) {
        break; // the empty line: the body follows
      }
      String line = new String(message, start, contentEnd - start, StandardCharsets.UTF_8);
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation && !fields.isEmpty()) {
        // RFC 5322 §2.2.3: unfolding removes the CRLF before the white space.
        fields.set(fields.size() - 1, fields.get(fields.size() - 1) + line);
      } else {
        fields.add(line);
      }
      start = end + 1;
    }
    List<String> values = new ArrayList<>();
    for (String field : fields) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).strip().equalsIgnoreCase("From")) {
        values.add(field.substring(colon + 1));
      }
    }
    return values;
  }

  /**
   * The domain of the author when there is exactly one From: field holding exactly one mailbox
   * (RFC 7489 §6.6.1); empty otherwise, which DMARC answers with permerror.
   */
  static Optional<String> singleDomain(List<String> values) {
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    Escaped escaped = Escaped.of(value);
    AddressList addresses;
    try {
      addresses = DefaultAddressParser.DEFAULT.parseAddressList(escaped.text());
    } catch (ParseException | RuntimeException e) {
      return Optional.empty(); // not RFC 5322 syntax: no author DMARC could name
    }
    MailboxList mailboxes = addresses.flatten();
    if (addresses.size() != 1 || mailboxes.size() != 1 || !(addresses.get(0) instanceof Mailbox)) {
      return Optional.empty();
    }
    String domain = mailboxes.get(0).getDomain();
    return domain == null || domain.isBlank() ? Optional.empty() : Optional.of(escaped.restore(domain.strip()));
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /**
   * mime4j's grammar is ASCII-only, but RFC 6532 allows UTF-8 in addresses (a U-label domain). Each
   * non-ASCII code point is replaced by an ASCII word the text does not otherwise contain, which is
   * valid wherever the code point was (atext, qtext, ctext, a label), and put back after parsing.
   */
  private record Escaped(String text, String marker) {
    static Escaped of(String value) {
      if (value.chars().allMatch(c -> c < 0x80)) {
        return new Escaped(value, "");
      }
      String marker = "q";
      while (value.contains(marker)) {
        marker += "q";
      }
      StringBuilder out = new StringBuilder();
      for (int cp : value.codePoints().toArray()) {
        if (cp < 0x80) {
          out.appendCodePoint(cp);
        } else {
          out.append(marker).append(Integer.toHexString(cp)).append(marker);
        }
      }
      return new Escaped(out.toString(), marker);
    }

    String restore(String parsed) {
      if (marker.isEmpty()) {
        return parsed;
      }
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (true) {
        int open = parsed.indexOf(marker, at);
        if (open < 0) {
          return out.append(parsed.substring(at)).toString();
        }
        int close = parsed.indexOf(marker, open + marker.length());
        out.append(parsed, at, open)
            .appendCodePoint(Integer.parseInt(parsed.substring(open + marker.length(), close), 16));
        at = close + marker.length();
      }
    }
  }
}
