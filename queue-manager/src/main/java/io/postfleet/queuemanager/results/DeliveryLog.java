package io.postfleet.queuemanager.results;

import io.agroal.api.AgroalDataSource;
import io.postfleet.contract.DeliveryResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** Stores delivery outcomes in delivery_log; a replayed result is absorbed by the unique key. */
@ApplicationScoped
public class DeliveryLog {
  private static final String INSERT = """
      insert into delivery_log (queue_id, recipient, original_recipient, status, dsn, relay, detail, attempted_at)
      values (?, ?, ?, ?, ?, ?, ?, ?)
      on conflict (queue_id, recipient, attempted_at) do nothing""";

  private final AgroalDataSource dataSource;

  public DeliveryLog(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Inserts all results in one transaction; returns once it is committed. */
  public void record(List<DeliveryResult> results) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        for (DeliveryResult r : results) {
          insert.setString(1, r.queueId());
          insert.setString(2, r.recipient());
          insert.setString(3, r.originalRecipient());
          insert.setString(4, r.outcome().statusWord());
          insert.setString(5, r.outcome().dsnStatus());
          insert.setString(6, r.outcome().relay());
          insert.setString(7, r.outcome().detail());
          insert.setTimestamp(8, Timestamp.from(r.attemptedAt()));
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }
}
