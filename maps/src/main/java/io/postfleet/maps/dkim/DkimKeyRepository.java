package io.postfleet.maps.dkim;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The SQL of the {@code dkim_key} table, shared by queue-manager's admin API (which writes) and
 * outbound-relay (which reads), so both agree on every column. Writes run on a connection of the
 * caller's transaction: queue-manager's audit row commits with them.
 */
public final class DkimKeyRepository {
  private static final String COLUMNS = "domain, selector, algorithm, public_key, key_file, nonce, sealed_key, created_at";

  private final DataSource dataSource;

  public DkimKeyRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Every key, ordered by domain, read on the given connection (inside its transaction). */
  public static List<StoredDkimKey> readAll(Connection c) throws SQLException {
    List<StoredDkimKey> keys = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from dkim_key order by domain");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        keys.add(row(rs));
      }
    }
    return keys;
  }

  public List<StoredDkimKey> list() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return readAll(c);
    }
  }

  public Optional<StoredDkimKey> find(String domain) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select " + COLUMNS + " from dkim_key where domain = ?")) {
      s.setString(1, domain);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Inserts the domain's key, or replaces it when {@code replace} is set (a rotation).
   *
   * @return the row as stored, with its creation time; empty if the domain has a key and
   *     {@code replace} is not set
   */
  public Optional<StoredDkimKey> save(StoredDkimKey key, boolean replace) throws SQLException {
    String sql = "insert into dkim_key (domain, selector, algorithm, public_key, key_file, nonce, sealed_key)"
        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (domain) do "
        + (replace
            ? "update set selector = excluded.selector, algorithm = excluded.algorithm,"
                + " public_key = excluded.public_key, key_file = excluded.key_file, nonce = excluded.nonce,"
                + " sealed_key = excluded.sealed_key, created_at = now()"
            : "nothing")
        + " returning " + COLUMNS;
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key.domain());
      s.setString(2, key.selector());
      s.setString(3, key.algorithm());
      s.setString(4, key.publicKey());
      s.setString(5, key.keyFile());
      s.setBytes(6, key.nonce());
      s.setBytes(7, key.sealedKey());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /** @return whether the domain had a key */
  public boolean delete(String domain) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("delete from dkim_key where domain = ?")) {
      s.setString(1, domain);
      return s.executeUpdate() > 0;
    }
  }

  private static StoredDkimKey row(ResultSet rs) throws SQLException {
    Timestamp created = rs.getTimestamp(8);
    return new StoredDkimKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getBytes(6), rs.getBytes(7), created == null ? null : created.toInstant());
  }
}
