package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
  @TempDir
  Path dir;

  @Test
  void dataSurviveAStopAndAStartOnTheSameDirectory() throws SQLException {
    Path data = dir.resolve("postgres");
    try (PostgresServer postgres = PostgresServer.start(data)) {
      try (Connection c = connect(postgres);
          Statement statement = c.createStatement()) {
        assertEquals("1", single(statement, "select 1"));
        // Durability is not traded for speed, unlike zonky's defaults.
        assertEquals("on", single(statement, "show fsync"));
        assertEquals("on", single(statement, "show synchronous_commit"));
        statement.execute("create table survivor (queue_id text primary key)");
        statement.execute("insert into survivor values ('3F2A1B')");
      }
    }
    try (PostgresServer postgres = PostgresServer.start(data);
        Connection c = connect(postgres);
        Statement statement = c.createStatement()) {
      assertEquals("3F2A1B", single(statement, "select queue_id from survivor"));
    }
  }

  @Test
  void aCommittedRowSurvivesKillNineAndTheServerComesBackOnItsPort() throws SQLException {
    PostgresServer postgres = PostgresServer.startTemporary(dir);
    try {
      String url = postgres.jdbcUrl();
      try (Connection c = connect(postgres);
          Statement statement = c.createStatement()) {
        statement.execute("create table survivor (queue_id text primary key)");
        statement.execute("insert into survivor values ('3F2A1B')");
      }
      postgres.kill();
      assertThrows(SQLException.class, () -> connect(postgres).close(), "connectable after kill -9");
      postgres.restart();
      assertEquals(url, postgres.jdbcUrl());
      try (Connection c = connect(postgres);
          Statement statement = c.createStatement()) {
        assertEquals("3F2A1B", single(statement, "select queue_id from survivor"));
      }
    } finally {
      postgres.stop();
    }
  }

  @Test
  void aTemporaryServerTakesItsDirectoryWithIt() throws Exception {
    PostgresServer postgres = PostgresServer.startTemporary(dir);
    try (Connection c = connect(postgres);
        Statement statement = c.createStatement()) {
      assertEquals("postfleet", single(statement, "select current_user"));
    }
    assertEquals(1, directories(), "its data dir while it runs");
    postgres.stop();
    assertEquals(0, directories(), "no data dir after stop");
  }

  private long directories() throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).count();
    }
  }

  private static Connection connect(PostgresServer postgres) throws SQLException {
    return DriverManager.getConnection(
        postgres.jdbcUrl(), postgres.username(), postgres.password());
  }

  private static String single(Statement statement, String query) throws SQLException {
    try (ResultSet rows = statement.executeQuery(query)) {
      assertTrue(rows.next(), query);
      return rows.getString(1);
    }
  }
}
