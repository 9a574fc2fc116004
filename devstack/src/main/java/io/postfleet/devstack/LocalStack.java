package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./postfleet up} runs, from the repository root: PostgreSQL and Kafka with their data
 * under {@code var/} (kept between runs), the topics, the four services as processes, and the
 * seed's demo domain. Ctrl-C stops what it started: services first, then Kafka, then PostgreSQL.
 */
public final class LocalStack {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final int SMTP_PORT = 2525;

  private final Path root;
  private final Path var;

  /** What is running, the last started on top, so stopping goes in reverse order. */
  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  /**
   * Four service JVMs share the machine with the broker and PostgreSQL: the serial collector
   * spends no CPU on concurrent GC threads and write barriers (G1's default on two cores), and a
   * bounded heap keeps each JVM from sizing itself to a quarter of the machine's memory.
   */
  private static final List<String> SERVICE_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx1g");

  private final List<ServiceProcess> services = new ArrayList<>();
  private boolean stopping;

  private LocalStack(Path root) {
    this.root = root;
    this.var = root.resolve("var");
  }

  public static void main(String[] args) throws InterruptedException {
    LocalStack stack = new LocalStack(Path.of("").toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "postfleet-down"));
    try {
      stack.up();
    } catch (RuntimeException e) {
      System.err.println("postfleet: " + e.getMessage());
      System.exit(1);
    }
    stack.watchServices();
  }

  private void up() {
    String token = LocalSecrets.adminToken(var.resolve("admin-token"));
    FreePorts.requireFree(SMTP_PORT, "SMTP");
    say("starting PostgreSQL (data in var/postgres)");
    PostgresServer postgres = PostgresServer.start(
        var.resolve("postgres"),
        portFromEnv("POSTFLEET_POSTGRES_PORT"),
        var.resolve("log/postgres.log"));
    track(postgres);
    say("starting Kafka (data in var/kafka)");
    KafkaBroker kafka = KafkaBroker.start(var.resolve("kafka"), portFromEnv("POSTFLEET_KAFKA_PORT"));
    track(kafka);
    PostfleetTopics.create(kafka.bootstrapServers(), topicPartitions());
    startServices(kafka, postgres, token);

    URI admin = URI.create("http://localhost:8080");
    try {
      new DemoDomain(admin, token).configure();
      say("demo domain " + DemoDomain.DOMAIN + " configured (request@ receives, info@ only sends)");
    } catch (RuntimeException e) {
      say("WARNING: could not configure the demo domain: " + e.getMessage());
    }
    writeLocalEnv(admin, token, kafka, postgres);
    System.out.printf(Locale.ROOT,
        "%nPostfleet is up.%n"
            + "  SMTP        localhost:%d%n"
            + "  admin API   %s/api/v1   (Authorization: Bearer %s)%n"
            + "  Kafka       %s%n"
            + "  PostgreSQL  %s (user %s)%n"
            + "  Maildir     %s%n"
            + "  logs        %s (Kafka: %s)%n"
            + "  settings    var/local.env%n"
            + "Ctrl-C stops everything.%n",
        SMTP_PORT,
        admin,
        token,
        kafka.bootstrapServers(),
        postgres.jdbcUrl(),
        postgres.username(),
        var.resolve("mail"),
        var.resolve("log"),
        kafka.logFile());
  }

  /** The four services on the HTTP ports of DESIGN.md, configured by environment variables. */
  private void startServices(KafkaBroker kafka, PostgresServer postgres, String token) {
    Map<String, String> common = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS",
        kafka.bootstrapServers(),
        // The admin API and metrics are for this machine only.
        "QUARKUS_HTTP_HOST",
        "127.0.0.1");
    Map<String, String> database = Map.of(
        "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(),
        "QUARKUS_DATASOURCE_USERNAME", postgres.username(),
        "QUARKUS_DATASOURCE_PASSWORD", postgres.password());
    // queue-manager seals stored DKIM keys with it, outbound-relay opens them.
    Map<String, String> dkim = Map.of("POSTFLEET_DKIM_MASTER_KEY",
        LocalSecrets.dkimMasterKey(var.resolve("dkim-master-key")));
    // queue-manager runs the Flyway migrations, so it is ready before the others start.
    start("queue-manager", 8080, merge(common, database, dkim, Map.of("POSTFLEET_ADMIN_TOKEN", token)));
    awaitReady();
    String smtpPort = String.valueOf(SMTP_PORT);
    start("smtp-ingress", 8081, merge(common, database, Map.of("POSTFLEET_SMTP_PORT", smtpPort)));
    String maildirRoot = var.resolve("mail").toString();
    start("local-delivery", 8082, merge(common, Map.of("POSTFLEET_MAILDIR_ROOT", maildirRoot)));
    start("outbound-relay", 8083, merge(common, database, dkim));
    awaitReady();
  }

  private void start(String module, int httpPort, Map<String, String> env) {
    say("starting " + module + " (log in var/log/" + module + ".log)");
    ServiceProcess service = ServiceProcess.start(
        module,
        ServiceProcess.runJar(root, module),
        httpPort,
        env,
        SERVICE_JVM_OPTIONS,
        var.resolve("log").resolve(module + ".log"));
    track(service);
    services.add(service);
  }

  private void awaitReady() {
    for (ServiceProcess service : services) {
      service.awaitReady(READY_TIMEOUT);
    }
  }

  /** Blocks until Ctrl-C, saying so when a service ends by itself. */
  private void watchServices() throws InterruptedException {
    Set<String> reported = new HashSet<>();
    while (true) {
      Thread.sleep(2_000);
      for (ServiceProcess service : services) {
        if (!service.isAlive() && !isStopping() && reported.add(service.name())) {
          say(service.name() + " has stopped; see " + service.logFile());
        }
      }
    }
  }

  private synchronized boolean isStopping() {
    return stopping;
  }

  /** Ctrl-C may come while a server starts: one that comes up after that is stopped at once. */
  private synchronized void track(AutoCloseable started) {
    running.push(started);
    if (stopping) {
      stopAll();
    }
  }

  private synchronized void stopAll() {
    if (!stopping) {
      say("stopping");
    }
    stopping = true;
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("postfleet: while stopping: " + e);
      }
    }
  }

  /** For scripts: {@code . var/local.env}; bench/ reads the servers' durability through it. */
  private void writeLocalEnv(URI admin, String token, KafkaBroker kafka, PostgresServer postgres) {
    String env = String.join(
        "\n",
        "POSTFLEET_ADMIN_URL=" + admin,
        "POSTFLEET_ADMIN_TOKEN=" + token,
        "POSTFLEET_SMTP_PORT=" + SMTP_PORT,
        "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
        "POSTFLEET_POSTGRES_JDBC_URL=" + postgres.jdbcUrl(),
        "POSTFLEET_POSTGRES_USER=" + postgres.username(),
        "POSTFLEET_POSTGRES_PASSWORD=" + postgres.password(),
        "");
    try {
      Files.writeString(var.resolve("local.env"), env);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write var/local.env", e);
    }
  }

  /**
   * {@link PostfleetTopics#LOCAL_PARTITIONS}, or {@code POSTFLEET_TOPIC_PARTITIONS}: bench/scale.sh
   * runs several local-delivery and outbound-relay processes, which share out partitions, never
   * more processes than partitions. Topics are created once: the setting only counts for a fresh
   * {@code var/kafka}.
   */
  private static int topicPartitions() {
    String value = System.getenv("POSTFLEET_TOPIC_PARTITIONS");
    return value == null || value.isBlank() ? PostfleetTopics.LOCAL_PARTITIONS : Integer.parseInt(value.strip());
  }

  private static int portFromEnv(String name) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? 0 : Integer.parseInt(value.strip());
  }

  @SafeVarargs
  private static Map<String, String> merge(Map<String, String>... maps) {
    Map<String, String> merged = new HashMap<>();
    for (Map<String, String> map : maps) {
      merged.putAll(map);
    }
    return merged;
  }

  private static void say(String line) {
    System.out.println("postfleet: " + line);
  }
}
