package io.postfleet.queuemanager.queue;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps the queue view (queued_message, queued_recipient) in step with the mail: the router records
 * each message it routes, the results recorder moves recipients to their new state and drops a
 * message once every recipient is delivered or bounced. Each Kafka batch costs one statement here
 * (two for results), whatever its size: arrays go in through unnest, never a row at a time.
 */
@ApplicationScoped
public class QueuedMessages {
  private static final String INSERT = """
      with message as (
          insert into queued_message (queue_id, sender, arrival, size, client_name, client_address, helo, protocol,
                                      tls, auth_user, body, smtputf8, envelope_id, dsn_return, headers,
                                      headers_truncated, quarantine)
          select * from unnest(?::varchar[], ?::varchar[], ?::timestamptz[], ?::bigint[], ?::varchar[],
                               ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                               ?::boolean[], ?::text[], ?::varchar[], ?::text[], ?::boolean[], ?::text[])
          on conflict (queue_id) do nothing)
      insert into queued_recipient (queue_id, recipient, original_recipient, domain, sender, arrival, state,
                                    last_error)
      select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[],
                           ?::varchar[], ?::text[])
      on conflict (queue_id, recipient) do nothing""";

  /** A result older than the one already applied (a replay, or a late duplicate) changes nothing. */
  private static final String APPLY_RESULTS = """
      update queued_recipient r
      set state = u.state, attempts = r.attempts + 1, last_error = u.detail, last_attempt_at = u.attempted_at
      from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::timestamptz[])
          as u(queue_id, recipient, state, detail, attempted_at)
      where r.queue_id = u.queue_id and r.recipient = u.recipient
        and (r.last_attempt_at is null or r.last_attempt_at < u.attempted_at)""";

  private static final String DROP_FINISHED = """
      with finished as (
          delete from queued_message m where m.queue_id = any(?::varchar[])
            and not exists (select 1 from queued_recipient r where r.queue_id = m.queue_id
                            and r.state in ('IN_FLIGHT', 'DEFERRED', 'HELD'))
          returning queue_id)
      delete from queued_recipient r using finished where r.queue_id = finished.queue_id""";

  private final AgroalDataSource dataSource;

  public QueuedMessages(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Records one batch of routed messages and commits it; the router calls this before it publishes
   * their jobs, so no result can arrive for a recipient not yet recorded.
   */
  public void recordRouted(List<RoutedMessage> batch) throws SQLException {
    if (batch.isEmpty()) {
      return;
    }
    Columns m = new Columns(17);
    Columns r = new Columns(8);
    for (RoutedMessage routed : batch) {
      Envelope e = routed.message().envelope();
      HeaderSection headers = HeaderSection.of(routed.message().content());
      m.add(e.queueId(), e.mailFrom(), e.arrival().toString(), Long.toString(e.size()), e.clientName(),
          e.clientAddress(), e.helo(), e.protocol(), e.tls(), e.authUser(), e.options().body().name(),
          Boolean.toString(e.options().smtputf8()), e.options().envelopeId(), e.options().ret().name(),
          headers.text(), Boolean.toString(headers.truncated()), e.quarantine());
      for (RoutedMessage.Recipient recipient : routed.recipients()) {
        // A held recipient's reason shows where mailq shows a deferred one's: as its last error.
        r.add(e.queueId(), recipient.address(), recipient.originalRecipient(), domainOf(recipient.address()),
            e.mailFrom(), e.arrival().toString(), recipient.state().name(),
            recipient.state() == RecipientState.HELD ? e.quarantine() : "");
      }
    }
    try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(INSERT)) {
      m.bind(c, insert, 1);
      r.bind(c, insert, 18);
      insert.executeUpdate();
    }
  }

  /**
   * Moves each recipient to the state its newest result says, inside the caller's transaction, and
   * drops the messages none of whose recipients is waiting any more.
   */
  public void recordResults(Connection c, List<DeliveryResult> results) throws SQLException {
    if (results.isEmpty()) {
      return;
    }
    Map<String, DeliveryResult> newest = new LinkedHashMap<>();
    for (DeliveryResult result : results) {
      newest.merge(result.queueId() + '\n' + result.recipient(), result,
          (a, b) -> b.attemptedAt().isAfter(a.attemptedAt()) ? b : a);
    }
    Columns u = new Columns(5);
    List<String> queueIds = new ArrayList<>();
    for (DeliveryResult result : newest.values()) {
      u.add(result.queueId(), result.recipient(), RecipientState.of(result.outcome()).name(),
          result.outcome().detail(), result.attemptedAt().toString());
      queueIds.add(result.queueId());
    }
    try (PreparedStatement apply = c.prepareStatement(APPLY_RESULTS);
        PreparedStatement drop = c.prepareStatement(DROP_FINISHED)) {
      u.bind(c, apply, 1);
      apply.executeUpdate();
      drop.setArray(1, c.createArrayOf("varchar", queueIds.toArray()));
      drop.executeUpdate();
    }
  }

  /** A quarantine reason as the API shows it: absent (null) for a message not quarantined. */
  static String reasonOrNull(String quarantine) {
    return quarantine.isEmpty() ? null : quarantine;
  }

  /** The domain of an address, case-folded as DNS compares it; empty for a bare local part. */
  static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** Values gathered column by column, to be bound as one array parameter each. */
  private static final class Columns {
    private final List<List<String>> columns = new ArrayList<>();

    Columns(int count) {
      for (int i = 0; i < count; i++) {
        columns.add(new ArrayList<>());
      }
    }

    void add(String... row) {
      for (int i = 0; i < row.length; i++) {
        columns.get(i).add(row[i]);
      }
    }

    void bind(Connection c, PreparedStatement statement, int firstIndex) throws SQLException {
      for (int i = 0; i < columns.size(); i++) {
        statement.setArray(firstIndex + i, c.createArrayOf("varchar", columns.get(i).toArray()));
      }
    }
  }
}
