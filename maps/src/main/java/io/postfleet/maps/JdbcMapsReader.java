package io.postfleet.maps;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
        MapsSnapshot.Builder maps = MapsSnapshot.builder(single(s, "select version from maps_version where id = 1"));
        try (ResultSet rs = s.executeQuery("select name, kind from domain")) {
          while (rs.next()) {
            maps.domain(rs.getString(1), DomainClass.valueOf(rs.getString(2)));
          }
        }
        try (ResultSet rs = s.executeQuery("select address, receive_enabled, password_hash from mailbox")) {
          while (rs.next()) {
            maps.mailbox(rs.getString(1), rs.getBoolean(2));
            if (rs.getString(3) != null) {
              maps.passwordHash(rs.getString(1), rs.getString(3));
            }
          }
        }
        try (ResultSet rs = s.executeQuery(
            "select alias_address, target from alias_target order by alias_address, position")) {
          while (rs.next()) {
            maps.alias(rs.getString(1), rs.getString(2));
          }
        }
        try (ResultSet rs = s.executeQuery("select pattern, kind, nexthop from transport")) {
          while (rs.next()) {
            maps.transport(rs.getString(1), new Transport(Transport.Kind.valueOf(rs.getString(2)), rs.getString(3)));
          }
        }
        try (ResultSet rs = s.executeQuery("select cidr from trusted_network order by cidr")) {
          while (rs.next()) {
            maps.trustedNetwork(rs.getString(1));
          }
        }
        try (ResultSet rs = s.executeQuery("select relayhost, sender_login_match from maps_setting where id = 1")) {
          if (rs.next()) {
            maps.relayhost(rs.getString(1)).senderLoginMatch(rs.getBoolean(2));
          }
        }
        MapsSnapshot snapshot = maps.build();
        c.commit();
        return snapshot;
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
