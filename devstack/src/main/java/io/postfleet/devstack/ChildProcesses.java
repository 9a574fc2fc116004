package io.postfleet.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting and ending the servers that devstack runs as processes of their own. */
final class ChildProcesses {
  private ChildProcesses() {}

  /** The {@code java} of the running JVM, so children run on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Starts {@code command} with output and errors appended to {@code log}. */
  static Process start(List<String> command, Path workDir, Map<String, String> env, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    }
  }

  /**
   * SIGTERM, so the process shuts down cleanly; SIGKILL if it has not ended within {@code grace}.
   */
  static void stop(Process process, Duration grace) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    kill(process);
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Returns once the process is gone. */
  static void kill(Process process) {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    boolean interrupted = false;
    while (true) {
      try {
        process.waitFor();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
