package io.postfleet.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Real Kafka (with the Postfleet topics) and real PostgreSQL for {@code @QuarkusTest}s:
 * {@code @QuarkusTestResource(DevstackTestResource.class)}. One broker and one database serve every
 * test of the JVM; they start with the first test that asks and stop when the JVM exits. Init arg
 * {@code postgres=false} leaves PostgreSQL out for a service without a database.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {
  /**
   * Quarkus may load this class once per test profile, in different class loaders; these system
   * properties are what every copy sees, so the servers still start once per JVM.
   */
  private static final String KAFKA = "devstack.shared.kafka.bootstrap-servers";

  private static final String JDBC_URL = "devstack.shared.postgres.jdbc-url";
  private static final String USERNAME = "devstack.shared.postgres.username";
  private static final String PASSWORD = "devstack.shared.postgres.password";

  private boolean withPostgres = true;

  @Override
  public void init(Map<String, String> initArgs) {
    withPostgres = !"false".equals(initArgs.get("postgres"));
  }

  @Override
  public Map<String, String> start() {
    ensureStarted(withPostgres);
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", System.getProperty(KAFKA));
    if (withPostgres) {
      config.put("quarkus.datasource.jdbc.url", System.getProperty(JDBC_URL));
      config.put("quarkus.datasource.username", System.getProperty(USERNAME));
      config.put("quarkus.datasource.password", System.getProperty(PASSWORD));
    }
    return config;
  }

  /**
   * The servers outlive this test class: the next one reuses them, a JVM shutdown hook stops them.
   */
  @Override
  public void stop() {}

  private static synchronized void ensureStarted(boolean withPostgres) {
    boolean needKafka = System.getProperty(KAFKA) == null;
    boolean needPostgres = withPostgres && System.getProperty(JDBC_URL) == null;
    if (!needKafka && !needPostgres) {
      return;
    }
    Path runDir = newRunDir();
    // The broker boots in its own process meanwhile PostgreSQL starts here.
    CompletableFuture<KafkaBroker> kafka = needKafka
        ? CompletableFuture.supplyAsync(() -> startKafka(runDir))
        : CompletableFuture.completedFuture(null);
    PostgresServer postgres;
    try {
      postgres = needPostgres ? PostgresServer.startTemporary(runDir) : null;
    } catch (RuntimeException e) {
      kafka.thenAccept(broker -> stopAll(broker, null, runDir));
      throw e;
    }
    KafkaBroker broker;
    try {
      broker = kafka.join();
    } catch (CompletionException e) {
      stopAll(null, postgres, runDir);
      throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : e;
    }
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopAll(broker, postgres, runDir), "devstack-stop"));
    if (broker != null) {
      System.setProperty(KAFKA, broker.bootstrapServers());
    }
    if (postgres != null) {
      System.setProperty(JDBC_URL, postgres.jdbcUrl());
      System.setProperty(USERNAME, postgres.username());
      System.setProperty(PASSWORD, postgres.password());
    }
  }

  private static KafkaBroker startKafka(Path runDir) {
    KafkaBroker broker = KafkaBroker.start(runDir.resolve("kafka"));
    PostfleetTopics.create(broker.bootstrapServers());
    return broker;
  }

  /**
   * A fresh directory under the module's {@code target/}, so {@code mvn clean} removes leftovers.
   */
  private static Path newRunDir() {
    try {
      Path parent = Files.createDirectories(Path.of("target", "devstack"));
      return Files.createTempDirectory(parent.toAbsolutePath(), "run-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory under target/devstack", e);
    }
  }

  private static void stopAll(KafkaBroker broker, PostgresServer postgres, Path runDir) {
    if (broker != null) {
      broker.stop();
    }
    if (postgres != null) {
      postgres.stop();
    }
    deleteRecursively(runDir);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Only disk space under target/ is at stake.
    }
  }
}
