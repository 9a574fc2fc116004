package io.postfleet.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {
  @TempDir
  Path dir;
  private Path runJar;

  /** A jar shaped like quarkus-run.jar: a manifest naming the main class and its classpath. */
  @BeforeEach
  void buildRunJar() throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
    Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
    runJar = dir.resolve("quarkus-app/quarkus-run.jar");
    Files.createDirectories(runJar.getParent());
    try (OutputStream out = Files.newOutputStream(runJar);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
  }

  @Test
  void waitsForReadinessAndSurvivesKillAndRestart() throws Exception {
    int port = FreePorts.pick();
    try (ServiceProcess service = ServiceProcess.start("fake", runJar, port, Map.of(), dir.resolve("log/fake.log"))) {
      service.awaitReady(Duration.ofSeconds(30));
      assertEquals(200, readiness(service));
      service.kill();
      assertFalse(service.isAlive());
      service.restart();
      service.awaitReady(Duration.ofSeconds(30));
      assertTrue(service.isAlive());
      service.stop();
      assertFalse(service.isAlive());
    }
  }

  private static int readiness(ServiceProcess service) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(service.baseUri().resolve("/q/health/ready")).build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void aServiceThatExitsFailsAtOnceWithItsLog() throws IOException {
    Path log = dir.resolve("log/failing.log");
    try (ServiceProcess service = ServiceProcess.start("failing", runJar, FreePorts.pick(), Map.of("FAKE_EXIT", "3"),
        log)) {
      long before = System.nanoTime();
      IllegalStateException failure = assertThrows(
          IllegalStateException.class, () -> service.awaitReady(Duration.ofSeconds(60)));
      assertTrue(
          System.nanoTime() - before < Duration.ofSeconds(20).toNanos(), "did not wait it out");
      assertTrue(failure.getMessage().contains("exited with 3"), failure.getMessage());
      assertTrue(failure.getMessage().contains("fake service giving up: 3"), failure.getMessage());
    }
  }
}
