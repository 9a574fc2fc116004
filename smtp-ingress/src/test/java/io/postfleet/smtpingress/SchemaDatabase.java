package io.postfleet.smtpingress;

import io.postfleet.devstack.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL with queue-manager's schema, made by its own migration files applied in
 * version order (V1, V2, ...), as Flyway applies them in a deployment: greylisting's tables, and the
 * maps and mailbox usage that smtp-ingress reads.
 */
public final class SchemaDatabase implements AutoCloseable {
  private static final Path MIGRATIONS = Path.of("../queue-manager/src/main/resources/db/migration");

  private final PostgresServer server;

  private SchemaDatabase(PostgresServer server) {
    this.server = server;
  }

  public static SchemaDatabase start() throws IOException, SQLException {
    SchemaDatabase database = new SchemaDatabase(PostgresServer.startTemporary(Path.of("target", "postgres")));
    database.migrate();
    return database;
  }

  public PostgresServer server() {
    return server;
  }

  /** A DataSource of its own, as each ingress pod has. */
  public PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(server.jdbcUrl());
    dataSource.setUser(server.username());
    dataSource.setPassword(server.password());
    return dataSource;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = dataSource().getConnection(); Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }

  public void clearGreylist() throws SQLException {
    execute("truncate greylist_triplet, greylist_client");
  }

  private void migrate() throws IOException, SQLException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(MIGRATIONS)) {
      files = listing
          .filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted(Comparator.comparingInt(SchemaDatabase::version))
          .toList();
    }
    if (files.stream().noneMatch(f -> f.getFileName().toString().startsWith("V13__"))) {
      throw new IllegalStateException("no V13 migration in " + MIGRATIONS.toAbsolutePath());
    }
    for (Path file : files) {
      execute(Files.readString(file));
    }
  }

  private static int version(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }

  @Override
  public void close() {
    server.stop();
  }
}
