package io.postfleet.queuemanager.queue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.queuemanager.admin.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** mailq and qshape: the queue listed by message with filters, and counted per state and domain. */
@ApplicationScoped
public class QueueView {
  private static final String PAGE = """
      select r.queue_id from queued_recipient r where %s
      group by r.queue_id order by min(r.arrival), r.queue_id limit ? offset ?""";
  private static final String TOTAL = "select count(distinct r.queue_id) from queued_recipient r where %s";
  private static final String ROWS = """
      select r.queue_id, m.sender, m.arrival, m.size, r.recipient, r.original_recipient, r.domain, r.state,
             r.attempts, r.last_error, r.last_attempt_at, m.quarantine
      from queued_recipient r join queued_message m on m.queue_id = r.queue_id
      where r.queue_id = any(?::varchar[]) and %s
      order by r.arrival, r.queue_id, r.recipient""";
  /** One pass over the partial index queued_recipient_waiting, whatever the size of the queue. */
  private static final String SUMMARY = """
      select state, domain, count(*) from queued_recipient
      where state in ('IN_FLIGHT', 'DEFERRED', 'HELD') group by state, domain""";

  private static final String DEAD_LETTERS = "select count(*) from dead_letter";

  /** One recipient in a listing. */
  public record ListedRecipient(String address, String originalRecipient, String domain, RecipientState state,
      int attempts, String lastError, Instant lastAttemptAt) {}

  /**
   * One message in a listing: mailq's entry; {@code quarantine} is why a check quarantined it (its
   * recipients are then held), null when none did.
   */
  public record ListedMessage(String queueId, String sender, Instant arrival, long size, String quarantine,
      List<ListedRecipient> recipients) {}

  /**
   * Recipients waiting, in all, per state, and per recipient domain (busiest first) and state; and
   * the dead letters, records no consumer could read (see /api/v1/queue/dead-letters).
   */
  public record Summary(long recipients, Map<RecipientState, Long> byState,
      Map<String, Map<RecipientState, Long>> byDomain, long deadLetters) {}

  private final AgroalDataSource dataSource;

  public QueueView(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Page<ListedMessage> list(QueueFilter filter, int page, int size) throws SQLException {
    QueueFilter.Sql sql = filter.toSql(Instant.now());
    try (Connection c = dataSource.getConnection()) {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement query = c.prepareStatement(String.format(Locale.ROOT, PAGE, sql.where()))) {
        int next = bind(c, query, sql.parameters(), 1);
        query.setInt(next, size);
        query.setLong(next + 1, (long) page * size);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      long total;
      try (PreparedStatement query = c.prepareStatement(String.format(Locale.ROOT, TOTAL, sql.where()))) {
        bind(c, query, sql.parameters(), 1);
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      return new Page<>(ids.isEmpty() ? List.of() : rows(c, ids, sql), page, size, total);
    }
  }

  private static List<ListedMessage> rows(Connection c, List<String> ids, QueueFilter.Sql sql) throws SQLException {
    Map<String, ListedMessage> messages = new LinkedHashMap<>();
    try (PreparedStatement query = c.prepareStatement(String.format(Locale.ROOT, ROWS, sql.where()))) {
      query.setArray(1, c.createArrayOf("varchar", ids.toArray()));
      bind(c, query, sql.parameters(), 2);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          ListedMessage message = messages.get(id);
          if (message == null) {
            message = new ListedMessage(id, rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                QueuedMessages.reasonOrNull(rs.getString(12)), new ArrayList<>());
            messages.put(id, message);
          }
          Timestamp last = rs.getTimestamp(11);
          message.recipients().add(new ListedRecipient(rs.getString(5), rs.getString(6), rs.getString(7),
              RecipientState.valueOf(rs.getString(8)), rs.getInt(9), rs.getString(10),
              last == null ? null : last.toInstant()));
        }
      }
    }
    return List.copyOf(messages.values());
  }

  public Summary summary() throws SQLException {
    Map<RecipientState, Long> byState = new EnumMap<>(RecipientState.class);
    RecipientState.WAITING.forEach(s -> byState.put(s, 0L));
    Map<String, Map<RecipientState, Long>> byDomain = new LinkedHashMap<>();
    long all = 0;
    long deadLetters;
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement query = c.prepareStatement(SUMMARY); ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          RecipientState state = RecipientState.valueOf(rs.getString(1));
          long count = rs.getLong(3);
          byState.merge(state, count, Long::sum);
          byDomain.computeIfAbsent(rs.getString(2), d -> new EnumMap<>(RecipientState.class)).put(state, count);
          all += count;
        }
      }
      try (PreparedStatement query = c.prepareStatement(DEAD_LETTERS); ResultSet rs = query.executeQuery()) {
        rs.next();
        deadLetters = rs.getLong(1);
      }
    }
    Map<String, Map<RecipientState, Long>> busiestFirst = new LinkedHashMap<>();
    byDomain.entrySet().stream()
        .sorted(Comparator
            .comparingLong((Map.Entry<String, Map<RecipientState, Long>> e) -> e.getValue().values().stream()
                .mapToLong(Long::longValue).sum())
            .reversed()
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> busiestFirst.put(e.getKey(), e.getValue()));
    return new Summary(all, byState, busiestFirst, deadLetters);
  }

  private static int bind(Connection c, PreparedStatement query, List<Object> parameters, int first)
      throws SQLException {
    int index = first;
    for (Object p : parameters) {
      if (p instanceof String[] array) {
        query.setArray(index++, c.createArrayOf("varchar", array));
      } else {
        query.setObject(index++, p);
      }
    }
    return index;
  }
}
