package io.postfleet.queuemanager.queue;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One queued message as postcat and postqueue -j show it: envelope, header section, and each
 * recipient's state with its attempts and last reply from the delivery log and, while deferred,
 * its next try.
 */
@ApplicationScoped
public class QueuedMessageDetails {
  private static final String MESSAGE = """
      select sender, arrival, size, client_name, client_address, helo, protocol, tls, auth_user, body, smtputf8,
             envelope_id, dsn_return, headers, headers_truncated, quarantine
      from queued_message where queue_id = ?""";
  private static final String RECIPIENTS = """
      select recipient, original_recipient, state from queued_recipient where queue_id = ? order by recipient""";
  private static final String ATTEMPTS = """
      select distinct on (recipient) recipient, count(*) over (partition by recipient), status, dsn, relay, detail,
             attempted_at
      from delivery_log where queue_id = ? order by recipient, attempted_at desc, id desc""";
  private static final String DEFERRED = """
      select recipients, next_hop, next_attempt_at from deferred_job where queue_id = ?""";

  /** The ESMTP parameters the client gave (RFC 6152, RFC 6531, RFC 3461). */
  public record Esmtp(String body, boolean smtputf8, String envelopeId, String ret) {}

  /** The newest entry of the delivery log for a recipient. */
  public record Reply(String status, String dsn, String relay, String detail, Instant at) {}

  /** One recipient: attempts counted in the delivery log; nextHop and nextAttempt only while deferred. */
  public record Recipient(String address, String originalRecipient, RecipientState state, long attempts,
      Reply lastReply, String nextHop, Instant nextAttempt) {}

  /** {@code quarantine}: why a check quarantined the message (its recipients held), null when none did. */
  public record Message(String queueId, String sender, Instant arrival, long size, String clientName,
      String clientAddress, String helo, String protocol, String tls, String authUser, Esmtp esmtp, String headers,
      boolean headersTruncated, String quarantine, List<Recipient> recipients) {}

  private record Attempts(long count, Reply last) {}

  private record NextTry(String nextHop, Instant at) {}

  private final AgroalDataSource dataSource;

  public QueuedMessageDetails(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Message> find(String queueId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (PreparedStatement query = c.prepareStatement(MESSAGE)) {
        query.setString(1, queueId);
        try (ResultSet rs = query.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return Optional.empty();
          }
          Message message = new Message(queueId, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3),
              rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
              new Esmtp(rs.getString(10), rs.getBoolean(11), rs.getString(12), rs.getString(13)), rs.getString(14),
              rs.getBoolean(15), QueuedMessages.reasonOrNull(rs.getString(16)), recipients(c, queueId));
          c.rollback();
          return Optional.of(message);
        }
      }
    }
  }

  private static List<Recipient> recipients(Connection c, String queueId) throws SQLException {
    Map<String, Attempts> attempts = attempts(c, queueId);
    Map<String, NextTry> nextTries = nextTries(c, queueId);
    List<Recipient> recipients = new ArrayList<>();
    try (PreparedStatement query = c.prepareStatement(RECIPIENTS)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String address = rs.getString(1);
          Attempts a = attempts.getOrDefault(address, new Attempts(0, null));
          NextTry next = nextTries.get(address);
          recipients.add(new Recipient(address, rs.getString(2), RecipientState.valueOf(rs.getString(3)), a.count(),
              a.last(), next == null ? null : next.nextHop(), next == null ? null : next.at()));
        }
      }
    }
    return recipients;
  }

  private static Map<String, Attempts> attempts(Connection c, String queueId) throws SQLException {
    Map<String, Attempts> attempts = new HashMap<>();
    try (PreparedStatement query = c.prepareStatement(ATTEMPTS)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          attempts.put(rs.getString(1), new Attempts(rs.getLong(2), new Reply(rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant())));
        }
      }
    }
    return attempts;
  }

  /** deferred_job keeps a job's recipients comma-separated; each gets the job's next hop and time. */
  private static Map<String, NextTry> nextTries(Connection c, String queueId) throws SQLException {
    Map<String, NextTry> tries = new HashMap<>();
    try (PreparedStatement query = c.prepareStatement(DEFERRED)) {
      query.setString(1, queueId);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          Timestamp at = rs.getTimestamp(3);
          for (String recipient : rs.getString(1).split(",")) {
            tries.put(recipient, new NextTry(rs.getString(2), at.toInstant()));
          }
        }
      }
    }
    return tries;
  }
}
