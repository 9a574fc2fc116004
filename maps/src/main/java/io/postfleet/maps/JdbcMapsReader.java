package io.postfleet.maps;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Reads the maps tables that queue-manager's migrations create, inside the transaction that
 * {@link LiveSnapshot} opens, so the snapshot is consistent with the change counter it records.
 */
final class JdbcMapsReader {
  private JdbcMapsReader() {}

  static MapsSnapshot read(Connection c, long version) throws SQLException {
    try (Statement s = c.createStatement()) {
      MapsSnapshot.Builder maps = MapsSnapshot.builder(version);
      try (ResultSet rs = s.executeQuery("select name, kind from domain")) {
        while (rs.next()) {
          maps.domain(rs.getString(1), DomainClass.valueOf(rs.getString(2)));
        }
      }
      try (ResultSet rs = s
          .executeQuery("select address, receive_enabled, password_hash, format, quota_bytes from mailbox")) {
        while (rs.next()) {
          maps.mailbox(rs.getString(1), rs.getBoolean(2)).quota(rs.getString(1), rs.getLong(5));
          if ("MBOX".equals(rs.getString(4))) {
            maps.mboxMailbox(rs.getString(1));
          }
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
      try (ResultSet rs = s
          .executeQuery("select relayhost, sender_login_match, postmaster from maps_setting where id = 1")) {
        if (rs.next()) {
          maps.relayhost(rs.getString(1)).senderLoginMatch(rs.getBoolean(2)).postmaster(rs.getString(3));
        }
      }
      return maps.build();
    }
  }
}
