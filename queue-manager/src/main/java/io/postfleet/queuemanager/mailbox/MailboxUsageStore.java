package io.postfleet.queuemanager.mailbox;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.MailboxUsage;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage local-delivery reports with its results, in mailbox_usage: the admin API shows it, and
 * smtp-ingress refuses RCPT for a mailbox it says is full. A batch of results is one statement,
 * whatever its size; a result older than the row (a replay) does not move it back.
 */
@ApplicationScoped
public class MailboxUsageStore {
  /** Rows for mailboxes that no longer exist are dropped by the join, not refused by the foreign key. */
  private static final String UPSERT = """
      insert into mailbox_usage (address, used_bytes, used_messages, over_quota, updated_at)
      select u.address, u.bytes, u.messages, m.quota_bytes is not null and u.bytes >= m.quota_bytes, u.at
      from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::timestamptz[]) as u (address, bytes, messages, at)
      join mailbox m on m.address = u.address
      on conflict (address) do update set used_bytes = excluded.used_bytes,
          used_messages = excluded.used_messages, over_quota = excluded.over_quota,
          updated_at = excluded.updated_at
      where mailbox_usage.updated_at <= excluded.updated_at""";

  private static final String BY_ADDRESS = """
      select address, used_bytes, used_messages, updated_at from mailbox_usage where address = any (?::varchar[])""";

  /** What was last counted for one mailbox. */
                                               /** @param messages null when the mailbox's format counts no messages (mbox) */
  public record Stored(long bytes, Long messages, Instant updatedAt) {}

  private final AgroalDataSource dataSource;

  public MailboxUsageStore(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Upserts the newest usage of each mailbox in the results, inside the caller's transaction. */
  public void record(Connection c, List<DeliveryResult> results) throws SQLException {
    // In address order: two pods upserting overlapping batches then lock rows in the same order.
    Map<String, DeliveryResult> newest = new TreeMap<>();
    for (DeliveryResult r : results) {
      if (r.facts().usage().known()) {
        newest.merge(r.recipient(), r, (a, b) -> b.attemptedAt().isBefore(a.attemptedAt()) ? a : b);
      }
    }
    if (newest.isEmpty()) {
      return;
    }
    List<String> addresses = new ArrayList<>(newest.keySet());
    Long[] bytes = new Long[addresses.size()];
    Long[] messages = new Long[addresses.size()];
    Timestamp[] at = new Timestamp[addresses.size()];
    for (int i = 0; i < addresses.size(); i++) {
      DeliveryResult r = newest.get(addresses.get(i));
      MailboxUsage usage = r.facts().usage();
      bytes[i] = usage.bytes();
      messages[i] = usage.messages() < 0 ? null : usage.messages();
      at[i] = Timestamp.from(r.attemptedAt());
    }
    try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
      upsert.setArray(1, c.createArrayOf("varchar", addresses.toArray()));
      upsert.setArray(2, c.createArrayOf("bigint", bytes));
      upsert.setArray(3, c.createArrayOf("bigint", messages));
      upsert.setArray(4, c.createArrayOf("timestamptz", at));
      upsert.executeUpdate();
    }
  }

  /** The stored usage of these mailboxes; a mailbox never counted is absent. */
  public Map<String, Stored> of(Collection<String> addresses) throws SQLException {
    Map<String, Stored> found = new HashMap<>();
    if (addresses.isEmpty()) {
      return found;
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement query = c.prepareStatement(BY_ADDRESS)) {
      Array array = c.createArrayOf("varchar", addresses.toArray());
      query.setArray(1, array);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1),
              new Stored(rs.getLong(2), rs.getObject(3, Long.class), rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return found;
  }
}
