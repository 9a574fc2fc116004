package io.postfleet.queuemanager.queue;

import io.postfleet.queuemanager.admin.Page;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a queue listing asks for; a recipient matches when it matches every filter given, and a
 * message is listed with the recipients that match.
 *
 * @param states the states wanted, among {@link RecipientState#WAITING}
 * @param sender the envelope sender, whole, any case
 * @param recipient a part of the recipient address, any case
 * @param domain the recipient's domain, whole
 * @param minAge only mail at least this old
 * @param maxAge only mail at most this old
 * @param error a part of the last error text, any case
 */
public record QueueFilter(Set<RecipientState> states, String sender, String recipient, String domain,
    Duration minAge, Duration maxAge, String error) {

  /** The WHERE clause over queued_recipient aliased {@code r}, with its parameters in order. */
  record Sql(String where, List<Object> parameters) {}

  Sql toSql(Instant now) {
    StringBuilder where = new StringBuilder("r.state = any(?::varchar[])");
    List<Object> parameters = new ArrayList<>();
    parameters.add(states.stream().map(Enum::name).toArray(String[]::new));
    if (sender != null) {
      where.append(" and lower(r.sender) = ?");
      parameters.add(sender.toLowerCase(Locale.ROOT));
    }
    if (recipient != null) {
      where.append(" and lower(r.recipient) like ?");
      parameters.add(Page.containing(recipient));
    }
    if (domain != null) {
      where.append(" and r.domain = ?");
      parameters.add(domain.toLowerCase(Locale.ROOT));
    }
    if (minAge != null) {
      where.append(" and r.arrival <= ?");
      parameters.add(Timestamp.from(now.minus(minAge)));
    }
    if (maxAge != null) {
      where.append(" and r.arrival >= ?");
      parameters.add(Timestamp.from(now.minus(maxAge)));
    }
    if (error != null) {
      where.append(" and r.last_error ilike ?");
      parameters.add(Page.containing(error));
    }
    return new Sql(where.toString(), parameters);
  }

  /** An age as ISO-8601 ({@code PT30M}, {@code P2D}) or as Postfix writes times ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}). */
  public static Duration age(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d{1,9}[smhdw]?")) {
      long n = Long.parseLong(t.replaceAll("[smhdw]$", ""));
      switch (t.charAt(t.length() - 1)) {
        case 'm' :
          return Duration.ofMinutes(n);
        case 'h' :
          return Duration.ofHours(n);
        case 'd' :
          return Duration.ofDays(n);
        case 'w' :
          return Duration.ofDays(7 * n);
        default :
          return Duration.ofSeconds(n);
      }
    }
    Duration age = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    if (age.isNegative()) {
      throw new IllegalArgumentException("negative age " + text);
    }
    return age;
  }
}
