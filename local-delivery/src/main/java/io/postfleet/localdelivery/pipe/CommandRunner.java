package io.postfleet.localdelivery.pipe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command without a shell, its argument vector as given, the message on stdin; stdout and
 * stderr share one pipe, as pipe(8) gives them. Stdin is written and the output read on threads of
 * their own while this one keeps the clock, so a command that never reads its input, or floods its
 * output, is still killed at the time limit, with everything it started that is still its
 * descendant. A command that exits without reading all its input breaks the pipe (EPIPE); as in
 * Postfix, that is no error in itself: the exit status decides.
 */
final class CommandRunner {
  /** How much output is kept for the log and the bounce; the rest is read and dropped. */
  static final int OUTPUT_LIMIT = 2048;
  /** Exit statuses above this are, on Linux, how the JDK reports death by signal {@code status - 128}. */
  private static final int SIGNAL_BASE = 128;
  /** How long the output may stay open after the command ended: held by something it left running. */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);
  /** What pipe(8) keeps of the environment (export_environment) and its fixed PATH. */
  private static final List<String> EXPORTED = List.of("TZ", "LANG");
  private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  private CommandRunner() {}

  static CommandRun run(List<String> argv, byte[] stdin, Duration timeLimit) throws InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(EXPORTED);
    env.put("PATH", PATH);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new CommandRun(CommandRun.Ending.NOT_STARTED, 0, printable(("cannot run " + argv.get(0) + ": "
          + e.getMessage()).getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
    }
    long deadline = System.nanoTime() + timeLimit.toNanos();
    OutputCollector output = new OutputCollector(process.getInputStream());
    Thread reader = daemon(output, "pipe-output");
    Thread writer = daemon(() -> write(process.getOutputStream(), stdin), "pipe-input");
    reader.start();
    writer.start();
    boolean exited = process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (!exited) {
      killTree(process);
      process.waitFor();
    }
    reader.join(Math.max(OUTPUT_GRACE.toMillis(), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    writer.join(OUTPUT_GRACE.toMillis());
    String text = output.text();
    if (!exited) {
      return new CommandRun(CommandRun.Ending.TIMED_OUT, 0, text);
    }
    int status = process.exitValue();
    if (status > SIGNAL_BASE && status < SIGNAL_BASE + 32) {
      return new CommandRun(CommandRun.Ending.SIGNALLED, status - SIGNAL_BASE, text);
    }
    return new CommandRun(CommandRun.Ending.EXITED, status, text);
  }

  /**
   * The descendants first, while they are still known as such, then the command itself; waits
   * briefly for them to be gone, as SIGKILL takes effect asynchronously.
   */
  private static void killTree(Process process) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    long deadline = System.nanoTime() + OUTPUT_GRACE.toNanos();
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Gone as far as we can tell, or out of our hands (a zombie its new parent has not reaped).
      }
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /** A broken pipe means the command stopped reading; its exit status says whether that was fine. */
  private static void write(OutputStream in, byte[] stdin) {
    try (in) {
      in.write(stdin);
    } catch (IOException e) {
      // EPIPE, or the stream closed when the command was killed.
    }
  }

  /** Tabs and line ends become spaces, other control characters underscores (Postfix translit/printable). */
  static String printable(byte[] bytes, int length) {
    String s = new String(bytes, 0, Math.min(length, bytes.length), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : Character.isISOControl(c) ? '_' : c);
    }
    return out.toString().strip();
  }

  /** Keeps the first {@link #OUTPUT_LIMIT} bytes and drains the rest, so the command never blocks on it. */
  private static final class OutputCollector implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    OutputCollector(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0;) {
          synchronized (kept) {
            kept.write(buffer, 0, Math.max(0, Math.min(n, OUTPUT_LIMIT - kept.size())));
          }
        }
      } catch (IOException e) {
        // The stream went away with the command.
      }
    }

    String text() {
      synchronized (kept) {
        return printable(kept.toByteArray(), OUTPUT_LIMIT);
      }
    }
  }
}
