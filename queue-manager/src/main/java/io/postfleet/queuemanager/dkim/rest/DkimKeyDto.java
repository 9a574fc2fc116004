package io.postfleet.queuemanager.dkim.rest;

import io.postfleet.maps.dkim.StoredDkimKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A key on the wire: everything but the private key, with the DNS record to publish.
 *
 * @param source {@code stored} (sealed in the database) or {@code file} (a mounted Secret)
 * @param dnsName where the TXT record goes
 * @param txtValue the record's text as one string, as a DNS provider's web form takes it
 * @param dnsRecord a zone file line, the text cut into strings of at most 255 characters
 *     (RFC 1035 §3.3.14; verifiers join them again, RFC 6376 §3.6.2.2)
 */
public record DkimKeyDto(String domain, String selector, String algorithm, String source, String keyFile,
    Instant createdAt, String dnsName, String txtValue, String dnsRecord) {
  private static final int MAX_STRING = 255;

  static DkimKeyDto of(StoredDkimKey key) {
    return new DkimKeyDto(key.domain(), key.selector(), key.algorithm(), key.fromFile() ? "file" : "stored",
        key.keyFile(), key.createdAt(), key.dnsName(), key.txtValue(),
        key.dnsName() + " IN TXT " + quotedStrings(key.txtValue()));
  }

  /** The text holds no quote or backslash (base64 and tags), so nothing needs escaping. */
  private static String quotedStrings(String text) {
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < text.length(); i += MAX_STRING) {
      strings.add("\"" + text.substring(i, Math.min(text.length(), i + MAX_STRING)) + "\"");
    }
    return String.join(" ", strings);
  }
}
