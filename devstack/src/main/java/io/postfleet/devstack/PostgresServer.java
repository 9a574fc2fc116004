package io.postfleet.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (zonky's embedded binaries) on 127.0.0.1 with a {@code postfleet}
 * database and user. When run as root, zonky starts it inside {@code unshare -U}, since PostgreSQL
 * refuses to run as root.
 */
public final class PostgresServer implements AutoCloseable {
  /** Database, user and password of the local stack and the tests; they listen on loopback only. */
  public static final String DATABASE = "postfleet";

  private static final String USER = "postfleet";
  private static final String PASSWORD = "postfleet";

  private final Path dataDir;
  private final Path logFile;
  private final boolean temporary;
  private EmbeddedPostgres postgres;

  private PostgresServer(Path dataDir, Path logFile, boolean temporary, EmbeddedPostgres postgres) {
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.temporary = temporary;
    this.postgres = postgres;
  }

  /** Starts on a free port with its data kept in {@code dataDir} for the next start. */
  public static PostgresServer start(Path dataDir) {
    Path dir = dataDir.toAbsolutePath();
    return start(dir, 0, dir.resolveSibling(dir.getFileName() + ".log"));
  }

  /**
   * Starts with its data kept in {@code dataDir} (created by initdb if new), on {@code port} (0
   * picks a free one), the server's own log appended to {@code logFile}.
   */
  public static PostgresServer start(Path dataDir, int port, Path logFile) {
    return start(dataDir.toAbsolutePath(), port, logFile, false);
  }

  /**
   * Starts on a free port in a new directory under {@code parentDir}, deleted again by {@link
   * #stop()}.
   */
  public static PostgresServer startTemporary(Path parentDir) {
    try {
      Files.createDirectories(parentDir);
      Path dir = Files.createTempDirectory(parentDir.toAbsolutePath(), "postgres-");
      return start(dir, 0, dir.resolveSibling(dir.getFileName() + ".log"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory under " + parentDir, e);
    }
  }

  private static PostgresServer start(Path dataDir, int port, Path logFile, boolean temporary) {
    PostgresServer server = new PostgresServer(dataDir, logFile, temporary,
        launch(dataDir, port == 0 ? FreePorts.pick() : port, logFile));
    server.createDatabase();
    return server;
  }

  private static EmbeddedPostgres launch(Path dataDir, int port, Path logFile) {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Redirect log = Redirect.appendTo(logFile.toFile());
      return EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          // zonky would delete the directory on close(); a killed server must keep its data for
          // the restart, so a temporary one is deleted by stop() instead.
          .setCleanDataDirectory(false)
          .setPort(port)
          // We stop it ourselves, after the services and Kafka that use it.
          .setRegisterShutdownHook(false)
          .setServerConfig("listen_addresses", "127.0.0.1")
          // zonky trades durability for speed: it starts postgres with -F (fsync off) and sets
          // synchronous_commit=off. Each -c comes after -F on the command line, and the last
          // setting of a parameter wins, so these restore PostgreSQL's own durable defaults: a
          // commit we report (a row that stands for mail) survives a crash or a power cut.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setOutputRedirector(log)
          .setErrorRedirector(log)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL in " + dataDir, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
  }

  public String username() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * Ends the postmaster and every backend at once with SIGKILL, as when a pod's container is
   * killed: no checkpoint, no clean shutdown; the next start runs crash recovery from the WAL.
   */
  public synchronized void kill() {
    ProcessHandle postmaster = ProcessHandle.of(postmasterPid())
        .orElseThrow(() -> new IllegalStateException("PostgreSQL in " + dataDir + " is not running"));
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    all.forEach(ProcessHandle::destroyForcibly);
    all.forEach(p -> p.onExit().join());
    releaseLock();
  }

  /** Starts the server again on the same data directory and port, after {@link #kill()}. */
  public synchronized void restart() {
    postgres = launch(dataDir, postgres.getPort(), logFile);
  }

  /** Shuts the server down ({@code pg_ctl stop -m fast}); a temporary one's directory goes too. */
  public synchronized void stop() {
    try {
      postgres.close();
      if (temporary) {
        deleteTree(dataDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL", e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private long postmasterPid() {
    try {
      // postmaster.pid: the first line is the postmaster's process id.
      return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL in " + dataDir + " has no postmaster.pid", e);
    }
  }

  /**
   * zonky holds a file lock on the data directory until close(); its pg_ctl stop fails on a
   * killed server (it only logs that), but close() still releases the lock a restart needs.
   */
  private void releaseLock() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not release the lock on " + dataDir, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Creates the user and the database it owns, unless a previous run of this data dir did. */
  private void createDatabase() {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement statement = c.createStatement()) {
      if (!exists(c, "select 1 from pg_roles where rolname = ?", USER)) {
        statement.execute("create role " + USER + " login password '" + PASSWORD + "'");
      }
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        statement.execute("create database " + DATABASE + " owner " + USER);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + DATABASE, e);
    }
  }

  private static boolean exists(Connection c, String query, String name) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }
}
