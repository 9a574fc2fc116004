package io.postfleet.devstack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code devstack/target/kafka-lib}, the broker's jars that the devstack build copies from
 * Kafka's Maven artifacts, so the broker runs in a process of its own with its own classpath.
 */
final class KafkaLib {
  /** System property that names the directory directly. */
  static final String PROPERTY = "postfleet.kafka.lib";

  private static final Path RELATIVE = Path.of("devstack", "target", "kafka-lib");

  private KafkaLib() {}

  /**
   * The property if set, else the first {@code devstack/target/kafka-lib} found walking up from the
   * working directory: tests run in a module directory, the launcher in the repository root.
   */
  static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured).toAbsolutePath();
      if (!isKafkaLib(dir)) {
        throw new IllegalStateException(
            PROPERTY + "=" + dir + " holds no kafka_2.13 jar or no broker jar");
      }
      return dir;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (isKafkaLib(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "No "
            + RELATIVE
            + " in "
            + start
            + " or above it: run ./mvnw install -DskipTests in the repository root first"
            + " (or set -D"
            + PROPERTY
            + "=<dir>)");
  }

  /** The classpath a broker process runs with: every jar of the directory. */
  static String classpath(Path dir) {
    return dir.resolve("*").toString();
  }

  private static boolean isKafkaLib(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var files = Files.list(dir)) {
      // Kafka itself, and BrokerMain's jar, which an older build of this module may lack.
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.startsWith("kafka_2.13-") || name.endsWith("-broker.jar"))
          .count() == 2;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
