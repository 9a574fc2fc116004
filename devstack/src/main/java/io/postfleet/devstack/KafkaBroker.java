package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode, run as a separate Java process
 * from the jars in {@code devstack/target/kafka-lib}. Its data survive {@link #kill()}, {@link
 * #stop()} and {@link #restart()}, and a later {@link #start(Path)} on the same directory.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Path kafkaLib;
  private final Path properties;
  private final int port;
  private Process process;

  private KafkaBroker(Path dataDir, Path kafkaLib, Path properties, int port) {
    this.dataDir = dataDir;
    this.kafkaLib = kafkaLib;
    this.properties = properties;
    this.port = port;
  }

  /** Starts a broker on free ports, keeping its data in {@code dataDir}; returns once it serves. */
  public static KafkaBroker start(Path dataDir) {
    return start(dataDir, 0);
  }

  /** As {@link #start(Path)}, with the client listener on {@code port} (0 picks a free one). */
  public static KafkaBroker start(Path dataDir, int port) {
    Path lib = KafkaLib.locate();
    Path dir = dataDir.toAbsolutePath();
    int[] free = FreePorts.pick(2);
    int brokerPort = port == 0 ? free[0] : port;
    try {
      Files.createDirectories(dir);
      Path properties = BrokerConfig.write(dir, brokerPort, free[1]);
      KafkaBroker broker = new KafkaBroker(dir, lib, properties, brokerPort);
      if (!Files.exists(BrokerConfig.formattedMarker(dir))) {
        broker.format();
      }
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a Kafka broker in " + dir, e);
    }
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's own log: its output and Kafka's. */
  public Path logFile() {
    return dataDir.resolve("broker.log");
  }

  /** Ends the broker at once, as {@code kill -9} does: no controlled shutdown. */
  public synchronized void kill() {
    ChildProcesses.kill(process);
  }

  /** Asks the broker to shut down (SIGTERM) and waits; forces it after 30 seconds. */
  public synchronized void stop() {
    ChildProcesses.stop(process, STOP_TIMEOUT);
  }

  /** Stops the broker if it runs and starts it again on the same ports and data. */
  public synchronized void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  private void format() {
    // Kafka 4 refuses to start on an unformatted log dir; a new cluster id is made here once.
    List<String> command = javaCommand("kafka.tools.StorageTool");
    command.addAll(
        List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
    Process formatter = startProcess(command);
    try {
      if (!formatter.waitFor(60, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
        formatter.destroyForcibly();
        throw new IllegalStateException(
            "formatting the Kafka log dir failed\n" + LogFiles.tail(logFile(), 30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      formatter.destroyForcibly();
      throw new IllegalStateException("interrupted while formatting " + dataDir, e);
    }
  }

  private synchronized void launch() {
    // Another broker on a configured port would answer the readiness check in place of this one.
    FreePorts.requireFree(port, "Kafka");
    List<String> command = javaCommand(BrokerMain.class.getName());
    command.add(String.valueOf(ProcessHandle.current().pid()));
    command.add(properties.toString());
    process = startProcess(command);
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    try (Admin admin = Admin.create(config)) {
      Exception last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "Kafka broker exited with "
                  + process.exitValue()
                  + "\n"
                  + LogFiles.tail(logFile(), 40));
        }
        try {
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs(2_000))
              .nodes()
              .get(3, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          last = e;
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException(
          "Kafka broker not ready after "
              + READY_TIMEOUT
              + ": "
              + last
              + "\n"
              + LogFiles.tail(logFile(), 40));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }

  private List<String> javaCommand(String mainClass) {
    return new ArrayList<>(
        List.of(
            ChildProcesses.java(),
            "-Xms128m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Djava.awt.headless=true",
            // Kafka's bug, not ours: it upper-cases enum names in the default locale, so under a
            // Turkish one the storage tool and the broker die on "No enum constant
            // ...GroupType.CLASSİC". Later options win over JAVA_TOOL_OPTIONS, so a Turkish
            // administrator's JVM setting still reaches every other process.
            "-Duser.language=en",
            "-Duser.country=US",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS",
            "-cp",
            KafkaLib.classpath(kafkaLib),
            mainClass));
  }

  private Process startProcess(List<String> command) {
    return ChildProcesses.start(command, dataDir, Map.of(), logFile());
  }
}
