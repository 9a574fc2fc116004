package io.postfleet.smtp.header;

/**
 * mime4j's grammar is ASCII-only, but RFC 6532 §3.2 allows UTF-8 in addresses (a U-label domain, a
 * non-ASCII local part). Each non-ASCII code point is replaced by an ASCII word the text does not
 * otherwise contain, which is valid wherever the code point was (atext, qtext, ctext, a label), and
 * put back after parsing.
 */
record Utf8Escape(String text, String marker) {
  static Utf8Escape of(String value) {
    if (value.chars().allMatch(c -> c < 0x80)) {
      return new Utf8Escape(value, "");
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
    return new Utf8Escape(out.toString(), marker);
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
