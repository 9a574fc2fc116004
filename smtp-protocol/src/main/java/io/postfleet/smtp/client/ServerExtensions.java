package io.postfleet.smtp.client;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The service extensions a server announced in its EHLO reply (RFC 5321 §4.1.1.1): one keyword per
 * line after the first, optionally followed by parameters. Keywords are case-insensitive.
 */
public final class ServerExtensions {
  /** What a server that answered HELO, or nothing yet, supports: plain RFC 5321. */
  public static final ServerExtensions NONE = new ServerExtensions(Map.of());

  private final Map<String, String> parameters;

  private ServerExtensions(Map<String, String> parameters) {
    this.parameters = Collections.unmodifiableMap(parameters);
  }

  /** Reads the keywords of a positive EHLO reply; the first line is the server's name. */
  public static ServerExtensions fromEhlo(RemoteReply ehlo) {
    List<String> lines = ehlo.textLines();
    Map<String, String> parameters = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int space = trimmed.indexOf(' ');
      String keyword = space < 0 ? trimmed : trimmed.substring(0, space);
      String rest = space < 0 ? "" : trimmed.substring(space + 1).trim();
      // Old servers announce "AUTH=LOGIN PLAIN" next to (or instead of) "AUTH LOGIN PLAIN".
      if (keyword.regionMatches(true, 0, "AUTH=", 0, 5)) {
        rest = (keyword.substring(5) + " " + rest).trim();
        keyword = "AUTH";
      }
      parameters.merge(keyword.toUpperCase(Locale.ROOT), rest,
          (old, added) -> (old + " " + added).trim());
    }
    return new ServerExtensions(parameters);
  }

  /** Whether the keyword (e.g. {@code PIPELINING}) was announced. */
  public boolean has(String keyword) {
    return parameters.containsKey(keyword.toUpperCase(Locale.ROOT));
  }

  /**
   * The largest message the server accepts (RFC 1870 §4); empty when it announced no SIZE, or SIZE
   * without a limit or with 0, which means the same.
   */
  public OptionalLong sizeLimit() {
    String value = parameters.get("SIZE");
    if (value == null || value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long limit = Long.parseLong(value.split(" ")[0]);
      return limit > 0 ? OptionalLong.of(limit) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // a limit nobody can read limits nothing (Postfix does the same)
    }
  }

  /** The SASL mechanisms of the AUTH keyword (RFC 4954 §3), upper case, in the server's order. */
  public Set<String> authMechanisms() {
    Set<String> mechanisms = new LinkedHashSet<>();
    String value = parameters.getOrDefault("AUTH", "");
    for (String mechanism : value.split(" +")) {
      if (!mechanism.isEmpty()) {
        mechanisms.add(mechanism.toUpperCase(Locale.ROOT));
      }
    }
    return mechanisms;
  }

  @Override
  public String toString() {
    return parameters.keySet().toString();
  }
}
