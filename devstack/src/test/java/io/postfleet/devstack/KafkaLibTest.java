package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaLibTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty(KafkaLib.PROPERTY);
  }

  @Test
  void findsTheBuildsKafkaLibFromTheModuleDirectory() {
    Path lib = KafkaLib.locate();
    assertTrue(lib.endsWith(Path.of("devstack", "target", "kafka-lib")), lib.toString());
  }

  @Test
  void aPropertyNamingADirectoryWithoutKafkaSaysSo(@TempDir Path empty) throws Exception {
    Files.createFile(empty.resolve("kafka_2.13-4.1.2.jar"));
    System.setProperty(KafkaLib.PROPERTY, empty.toString());
    IllegalStateException failure = assertThrows(IllegalStateException.class, KafkaLib::locate);
    assertTrue(failure.getMessage().contains("no broker jar"), failure.getMessage());
  }
}
