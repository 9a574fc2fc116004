package io.postfleet.maps;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Reads the maps tables that queue-manager's migrations create. The table {@code maps_version} holds
 * a counter that triggers bump on every change, so a reader polls one tiny row and reloads only when
 * something changed.
 */
final class JdbcMapsReader {
  private final DataSource dataSource;

  JdbcMapsReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  long currentVersion() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select version from maps_version where id = 1")) {
      if (!rs.next()) {
        throw new SQLException("maps_version has no row: has queue-manager migrated the schema?");
      }
      return rs.getLong(1);
    }
  }

  /** Reads every map in one repeatable-read transaction, so the snapshot is consistent. */
  MapsSnapshot read() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try (Statement s = c.createStatement()) {
        long version = single(s, "select version from maps_version where id = 1");
        Set<String> domains = new HashSet<>();
        try (ResultSet rs = s.executeQuery("select name from domain")) {
          while (rs.next()) {
            domains.add(rs.getString(1));
          }
        }
        Map<String, Boolean> mailboxes = new HashMap<>();
        try (ResultSet rs = s.executeQuery("select address, receive_enabled from mailbox")) {
          while (rs.next()) {
            mailboxes.put(rs.getString(1), rs.getBoolean(2));
          }
        }
        Map<String, List<String>> aliases = new HashMap<>();
        try (ResultSet rs = s.executeQuery(
            "select alias_address, target from alias_target order by alias_address, position")) {
          while (rs.next()) {
            aliases.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
          }
        }
        c.commit();
        return new MapsSnapshot(version, domains, mailboxes, aliases);
      } finally {
        c.setReadOnly(false);
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no row for: " + sql);
      }
      return rs.getLong(1);
    }
  }
}
