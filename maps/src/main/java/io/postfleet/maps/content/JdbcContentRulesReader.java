package io.postfleet.maps.content;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads queue-manager's {@code content_check_rule} table (migration V17) inside the transaction a
 * {@link io.postfleet.maps.LiveSnapshot} opens. queue-manager stores only rules that compile, so a
 * rule that does not fails the load and the last snapshot keeps serving.
 */
public final class JdbcContentRulesReader {
  private JdbcContentRulesReader() {}

  public static ContentRules read(Connection c, long version) throws SQLException {
    Map<ContentCheckKind, List<ContentRule>> tables = new EnumMap<>(ContentCheckKind.class);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select kind, pattern, action, text from content_check_rule"
            + " order by kind, position")) {
      while (rs.next()) {
        ContentCheckKind kind = ContentCheckKind.valueOf(rs.getString(1));
        try {
          tables.computeIfAbsent(kind, k -> new ArrayList<>())
              .add(ContentRule.of(rs.getString(2), ContentAction.valueOf(rs.getString(3)), rs.getString(4)));
        } catch (IllegalArgumentException e) {
          throw new SQLException("content_check_rule " + kind + " " + rs.getString(2) + ": " + e.getMessage(), e);
        }
      }
    }
    return new ContentRules(tables);
  }
}
