package io.postfleet.localdelivery.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.localdelivery.config.LocalDeliveryConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes: small scripts written here stand for the third-party commands. The transport
 * itself never runs a shell; a script's {@code #!/bin/sh} line is the kernel's business.
 */
class PipeDeliveryTest {
  private static final byte[] MESSAGE = "Subject: piped\r\n\r\nfirst line\r\nsecond line\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;

  @BeforeEach
  void openDirectory() throws IOException {
    // So that a command run as another user can read its script and write its output here.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  private static LocalDeliveryConfig.Pipe config(Duration limit, String user) {
    return new LocalDeliveryConfig.Pipe() {
      @Override
      public Duration commandTimeLimit() {
        return limit;
      }

      @Override
      public Optional<String> user() {
        return Optional.ofNullable(user);
      }

      @Override
      public String nullSender() {
        return "MAILER-DAEMON";
      }
    };
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private static LocalDeliveryJob job(String command, byte[] content) {
    return new LocalDeliveryJob("PIPE1", "", "list+q4@lists.test", "List+Q4@lists.test", EsmtpOptions.NONE,
        Instant.now(), content, "", MailboxFormat.MAILDIR, command, 0);
  }

  private static DeliveryOutcome deliver(String command, Duration limit) throws InterruptedException {
    return new PipeDelivery(config(limit, null)).deliver(job(command, MESSAGE));
  }

  @Test
  void theMessageReachesStdinWithLfAndEachMacroIsOneArgument() throws Exception {
    Path out = dir.resolve("out");
    Path args = dir.resolve("args");
    Path cat = script("cat-to-file", "cat > \"$1\"\nshift\nprintf '%s|' \"$@\" > " + args);
    DeliveryOutcome outcome = deliver(cat + " " + out + " ${sender} ${user} \"${extension} and more\" ${queue_id}",
        Duration.ofSeconds(20));
    assertEquals("Delivered", outcome.getClass().getSimpleName(), outcome.toString());
    assertEquals("Subject: piped\n\nfirst line\nsecond line\n", Files.readString(out, StandardCharsets.US_ASCII));
    assertEquals("MAILER-DAEMON|list|q4 and more|PIPE1|", Files.readString(args, StandardCharsets.US_ASCII));
  }

  @Test
  void exitStatusesDeferOrBounceWithTheCommandOutput() throws Exception {
    DeliveryOutcome tempfail = deliver(script("tempfail", "echo 'database is locked' >&2\nexit 75") + "",
        Duration.ofSeconds(20));
    assertEquals(new DeliveryOutcome.Deferred("4.3.0", "pipe", "temporary failure. Command output: database is locked"),
        tempfail);
    DeliveryOutcome nouser = deliver(script("nouser", "cat >/dev/null\necho \"no list $1\"\nexit 67") + " ${user}",
        Duration.ofSeconds(20));
    assertEquals(new DeliveryOutcome.Bounced("5.1.1", "pipe", "user unknown. Command output: no list list"), nouser);
  }

  @Test
  void aCommandPastItsTimeLimitIsKilledWithWhatItStarted() throws Exception {
    Path pid = dir.resolve("pid");
    Path slow = script("slow", "sleep 60 &\necho $! > " + pid + "\nwait");
    long started = System.nanoTime();
    DeliveryOutcome outcome = deliver(slow.toString(), Duration.ofSeconds(2));
    long took = (System.nanoTime() - started) / 1_000_000;
    assertTrue(outcome instanceof DeliveryOutcome.Deferred && outcome.dsnStatus().equals("4.3.0"), outcome.toString());
    assertTrue(outcome.detail().startsWith("Command time limit exceeded"), outcome.detail());
    assertTrue(took < 15_000, "took " + took + " ms");
    long sleeper = Long.parseLong(Files.readString(pid, StandardCharsets.US_ASCII).strip());
    assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "the sleep it started survived");
  }

  /** A command that neither reads its input nor exits: the writer blocks on a full pipe, the clock still runs. */
  @Test
  void aCommandThatNeverReadsItsInputIsStillKilledInTime() throws Exception {
    Path stuck = script("stuck", "exec sleep 60");
    long started = System.nanoTime();
    DeliveryOutcome outcome = new PipeDelivery(config(Duration.ofSeconds(2), null))
        .deliver(job(stuck.toString(), new byte[4 * 1024 * 1024]));
    assertTrue(outcome.detail().startsWith("Command time limit exceeded"), outcome.detail());
    assertTrue((System.nanoTime() - started) / 1_000_000 < 15_000);
  }

  /** EPIPE: a command may exit without reading a large message; its status alone decides. */
  @Test
  void aCommandThatExitsWithoutReadingIsJudgedByItsStatus() throws Exception {
    byte[] large = new byte[4 * 1024 * 1024];
    assertEquals("Delivered", new PipeDelivery(config(Duration.ofSeconds(20), null))
        .deliver(job(script("ignore", "exit 0").toString(), large)).getClass().getSimpleName());
    assertEquals("5.7.0", new PipeDelivery(config(Duration.ofSeconds(20), null))
        .deliver(job(script("refuse", "exit 77").toString(), large)).dsnStatus());
  }

  @Test
  void deathBySignalDefers() throws Exception {
    DeliveryOutcome outcome = deliver(script("suicide", "echo going\nkill -KILL $$").toString(),
        Duration.ofSeconds(20));
    assertEquals(new DeliveryOutcome.Deferred("4.3.0", "pipe", "Command died with signal 9: \"" + dir.resolve("suicide")
        + "\". Command output: going"), outcome);
  }

  @Test
  void aMissingProgramDefersAndABadCommandBounces() throws Exception {
    DeliveryOutcome missing = deliver(dir.resolve("not-there") + " x", Duration.ofSeconds(20));
    assertEquals("4.3.0", missing.dsnStatus(), missing.toString());
    assertTrue(missing instanceof DeliveryOutcome.Deferred);
    DeliveryOutcome bad = deliver("relative/path ${user}", Duration.ofSeconds(20));
    assertEquals(new DeliveryOutcome.Bounced("5.3.5", "pipe", bad.detail()), bad);
  }

  /** As root (the tests here run as root), {@code user=} runs the command as that user. */
  @Test
  void theCommandRunsAsTheConfiguredUser() throws Exception {
    assumeTrue(RunAs.runningAsRoot(), "needs root to switch users");
    Path who = script("who", "id -un\nexit 75");
    DeliveryOutcome outcome = new PipeDelivery(config(Duration.ofSeconds(20), "nobody")).deliver(job(who.toString(),
        MESSAGE));
    assertEquals(new DeliveryOutcome.Deferred("4.3.0", "pipe", "temporary failure. Command output: nobody"), outcome);
    DeliveryOutcome unknown = new PipeDelivery(config(Duration.ofSeconds(20), "no-such-user-here"))
        .deliver(job(who.toString(), MESSAGE));
    assertEquals("4.3.5", unknown.dsnStatus(), unknown.toString());
  }

  /** Not root, another user cannot be honoured: the delivery waits rather than running with the wrong rights. */
  @Test
  void anotherUserWithoutRootDefers() throws Exception {
    Path out = dir.resolve("never");
    DeliveryOutcome outcome = new PipeDelivery(config(Duration.ofSeconds(20), "somebody-else"), "postfleet", false)
        .deliver(job(script("touch", "touch " + out).toString(), MESSAGE));
    assertEquals("4.3.5", outcome.dsnStatus());
    assertTrue(outcome instanceof DeliveryOutcome.Deferred);
    assertFalse(Files.exists(out));
  }
}
