package io.postfleet.localdelivery.mbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dovecot, the IMAP server Postfix sites put in front of their mailboxes, reads what we append: its
 * imap binary in PREAUTH mode over stdin (no daemon, no port), pointed at the mbox as the README's
 * {@code mail_location = mbox:<home>/mail:INBOX=<home>/Mailbox} says. Debian's {@code dovecot-imapd}
 * is installed when missing and possible; otherwise the test is skipped with the reason.
 */
class DovecotReadsMboxTest {
  private static final Path IMAP = Path.of("/usr/lib/dovecot/imap");
  private static final Instant NOW = Instant.parse("2026-12-03T09:05:07Z");

  @TempDir
  Path root;

  @Test
  void dovecotFindsEveryMessageWithItsHeadersAndBody() throws Exception {
    Assumptions.assumeTrue(dovecotAvailable(),
        "Dovecot's imap (Debian dovecot-imapd) is not installed and could not be");
    // Dovecot refuses mail access as root: it runs as nobody, who must own the home.
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && isRoot(),
        "needs root and setpriv to run Dovecot as nobody");
    MboxWriter writer = new MboxWriter(root, new MboxWriter.Locking(3, Duration.ofMillis(20), Duration.ofSeconds(500)),
        Clock.fixed(NOW, ZoneOffset.UTC));
    List<String> bodies = List.of("one\r\nFrom the start of a line\r\n", "two\r\n\r\nthe end\r\n", "three");
    for (int i = 0; i < bodies.size(); i++) {
      String content = "Subject: m" + i + "\r\n\r\n" + bodies.get(i);
      writer.write(new LocalDeliveryJob("4DOV" + i, i == 1 ? "" : "info@d.test", "ann@d.test", "ann@d.test",
          EsmtpOptions.NONE, Instant.EPOCH, content.getBytes(StandardCharsets.UTF_8), "", MailboxFormat.MBOX, "", 0),
          false);
    }
    Path home = root.resolve("d.test/ann");
    run(List.of("chown", "-R", "nobody:nogroup", root.toString()));
    run(List.of("chmod", "755", root.toString()));
    Path config = Files.writeString(root.resolve("dovecot.conf"), "ssl = no\nlog_path = /dev/stderr\n");

    // EXAMINE, not SELECT, and BODY.PEEK: read-only, so Dovecot writes no Status: headers back.
    String session = "a EXAMINE INBOX\r\nb FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT DELIVERED-TO)] BODY.PEEK[TEXT])\r\n"
        + "c LOGOUT\r\n";
    Process imap = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
        "env", "USER=ann", "HOME=" + home, IMAP.toString(), "-c", config.toString(),
        "-o", "mail_location=mbox:" + home.resolve("mail") + ":INBOX=" + home.resolve("Mailbox"),
        "-o", "base_dir=" + root.resolve("run"), "-o", "state_dir=" + root.resolve("state"))
        .redirectErrorStream(true).start();
    imap.getOutputStream().write(session.getBytes(StandardCharsets.US_ASCII));
    imap.getOutputStream().close();
    String answer = new String(imap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(imap.waitFor(60, TimeUnit.SECONDS), answer);

    assertTrue(answer.contains("* 3 EXISTS"), answer);
    assertTrue(answer.contains("b OK Fetch completed"), answer);
    for (int i = 0; i < bodies.size(); i++) {
      assertTrue(answer.contains("Subject: m" + i), answer);
    }
    assertEquals(3, count(answer, "Delivered-To: ann@d.test"), answer);
    // mboxo as Postfix writes it: Dovecot shows the quoted line as stored, and the message ends there.
    assertTrue(answer.contains("one\r\n>From the start of a line\r\n"), answer);
    assertTrue(answer.contains("two\r\n\r\nthe end\r\n"), answer);
    assertTrue(answer.contains("three\r\n"), answer);
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static boolean isRoot() throws IOException {
    return Files.readString(Path.of("/proc/self/status")).lines()
        .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0"));
  }

  /** Installs Debian's dovecot-imapd if it is missing and apt can (about 20 s); true when imap is there. */
  private static boolean dovecotAvailable() {
    if (Files.isExecutable(IMAP)) {
      return true;
    }
    try {
      if (!Files.isExecutable(Path.of("/usr/bin/apt-get")) || !isRoot()) {
        return false;
      }
      ProcessBuilder install = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends",
          "dovecot-imapd").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      install.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = install.start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return Files.isExecutable(IMAP);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
  }
}
