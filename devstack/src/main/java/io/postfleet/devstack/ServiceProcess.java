package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as a
 * process, configured through environment variables, with its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Path runJar;
  private final int httpPort;
  private final Map<String, String> env;
  private final List<String> jvmOptions;
  private final Path logFile;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private ServiceProcess(
      String name,
      Path runJar,
      int httpPort,
      Map<String, String> env,
      List<String> jvmOptions,
      Path logFile) {
    this.name = name;
    this.runJar = runJar;
    this.httpPort = httpPort;
    this.env = env;
    this.jvmOptions = jvmOptions;
    this.logFile = logFile;
  }

  /** {@code <repoRoot>/<module>/target/quarkus-app/quarkus-run.jar}. */
  public static Path runJar(Path repoRoot, String module) {
    return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /**
   * Starts the service with HTTP on {@code httpPort} (set as QUARKUS_HTTP_PORT) and {@code env}.
   */
  public static ServiceProcess start(
      String name, Path runJar, int httpPort, Map<String, String> env, Path logFile) {
    return start(name, runJar, httpPort, env, List.of(), logFile);
  }

  /** As above, with options for the service's JVM, such as {@code -Xmx256m}. */
  public static ServiceProcess start(
      String name,
      Path runJar,
      int httpPort,
      Map<String, String> env,
      List<String> jvmOptions,
      Path logFile) {
    if (!Files.isRegularFile(runJar)) {
      throw new IllegalStateException(
          "No " + runJar + ": run ./mvnw install -DskipTests in the repository root first");
    }
    Map<String, String> fullEnv = new HashMap<>(env);
    fullEnv.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
    ServiceProcess service = new ServiceProcess(
        name,
        runJar.toAbsolutePath(),
        httpPort,
        Map.copyOf(fullEnv),
        List.copyOf(jvmOptions),
        logFile.toAbsolutePath());
    service.launch();
    return service;
  }

  public String name() {
    return name;
  }

  public int httpPort() {
    return httpPort;
  }

  public Path logFile() {
    return logFile;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public synchronized boolean isAlive() {
    return process.isAlive();
  }

  /** Polls {@code /q/health/ready} until it answers 200; fails at once if the process ends. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
        .timeout(Duration.ofSeconds(2))
        .build();
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      if (!isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with "
                + process.exitValue()
                + " before it was ready\n"
                + LogFiles.tail(logFile, 40));
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        name
            + " not ready after "
            + timeout
            + " (last: "
            + last
            + ")\n"
            + LogFiles.tail(logFile, 40));
  }

  /** Ends the service at once, as {@code kill -9} does: no shutdown hook runs. */
  public synchronized void kill() {
    ChildProcesses.kill(process);
  }

  /** SIGTERM, so Quarkus shuts down gracefully; SIGKILL if it has not ended in 30 seconds. */
  public synchronized void stop() {
    ChildProcesses.stop(process, STOP_TIMEOUT);
  }

  /**
   * Stops the service if it runs and starts it again with the same settings; await readiness after.
   */
  public synchronized void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  private synchronized void launch() {
    FreePorts.requireFree(httpPort, name);
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "=== " + Instant.now() + " starting " + name + " (" + runJar + ")\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + logFile, e);
    }
    List<String> command = new ArrayList<>();
    command.add(ChildProcesses.java());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(runJar.toString());
    process = ChildProcesses.start(command, runJar.getParent(), env, logFile);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
