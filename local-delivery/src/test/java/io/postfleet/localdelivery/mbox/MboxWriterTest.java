package io.postfleet.localdelivery.mbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.localdelivery.mailbox.MailboxFullException;
import io.postfleet.localdelivery.mailbox.MailboxWriter;
import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxWriterTest {
  private static final Instant NOW = Instant.parse("2026-12-03T09:05:07Z");
  private static final MboxWriter.Locking QUICK = new MboxWriter.Locking(3, Duration.ofMillis(20),
      Duration.ofSeconds(500));

  @TempDir
  Path root;

  private MboxWriter writer() {
    return new MboxWriter(root, QUICK, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static LocalDeliveryJob job(String queueId, String sender, String mailbox, String content) {
    return new LocalDeliveryJob(queueId, sender, mailbox, mailbox, EsmtpOptions.NONE, Instant.EPOCH,
        content.getBytes(StandardCharsets.UTF_8), "", MailboxFormat.MBOX, "", 0);
  }

  @Test
  void appendsAsPostfixLocalDoes() throws IOException {
    MailboxWriter.Written w = writer().write(job("4MB1", "info@d.test", "ann@d.test",
        "Subject: hi\r\n\r\nFrom here on\r\n>From stays\r\nfrom lower case\r\n From indented\r\n"), false);
    assertTrue(w.created());
    assertNull(w.directoryToSync(), "fsynced already");
    assertEquals(root.resolve("d.test/ann/Mailbox"), w.file());
    String expected = "From info@d.test  Thu Dec  3 09:05:07 2026\n"
        + "Return-Path: <info@d.test>\nDelivered-To: ann@d.test\n"
        + "Subject: hi\n\n>From here on\n>From stays\nfrom lower case\n From indented\n\n";
    assertEquals(expected, Files.readString(w.file(), StandardCharsets.UTF_8));
    assertFalse(Files.exists(root.resolve("d.test/ann/Mailbox.lock")), "the dot lock is released");
  }

  @Test
  void theNullSenderIsMailerDaemonAndAMissingLastNewlineIsAdded() throws IOException {
    Path mbox = writer().write(job("4MB2", "", "ann@d.test", "Subject: x\r\n\r\nno newline\ra"), false).file();
    assertEquals("From MAILER-DAEMON  Thu Dec  3 09:05:07 2026\nReturn-Path: <>\nDelivered-To: ann@d.test\n"
        + "Subject: x\n\nno newline\ra\n\n", Files.readString(mbox, StandardCharsets.UTF_8));
  }

  @Test
  void aSenderWhoseLocalPartNeedsQuotesIsQuoted() {
    assertEquals("\"a b\"@d.test", MboxMessage.sender("a b@d.test"));
    assertEquals("a.b+c@d.test", MboxMessage.sender("a.b+c@d.test"));
  }

  @Test
  void aReplayAppendsNoSecondCopy() throws IOException {
    MboxWriter writer = writer();
    LocalDeliveryJob first = job("4MB3", "a@x.test", "ann@d.test", "Subject: 1\r\n\r\none\r\n");
    assertTrue(writer.write(first, false).created());
    assertTrue(writer.write(job("4MB4", "a@x.test", "ann@d.test", "Subject: 2\r\n\r\ntwo\r\n"), false).created());
    Path mbox = root.resolve("d.test/ann/Mailbox");
    long size = Files.size(mbox);
    assertFalse(writer.write(first, true).created());
    assertFalse(writer.write(first, false).created(), "a job published twice is a fresh record");
    assertEquals(size, Files.size(mbox));
    assertTrue(Files.readString(root.resolve("d.test/ann/.postfleet/Mailbox.ids"), StandardCharsets.US_ASCII)
        .startsWith("4MB3."));
    // The same message for another mailbox is another delivery.
    assertTrue(writer.write(job("4MB3", "a@x.test", "bob@d.test", "Subject: 1\r\n\r\none\r\n"), true).created());
  }

  @Test
  void theIdsFileKeepsOnlyTheNewestIds() throws IOException {
    DeliveredIds ids = new DeliveredIds(root.resolve(".postfleet/Mailbox.ids"));
    String first = "Q0.0123456789abcdef.postfleet";
    ids.record(first);
    int n = 0;
    while (Files.size(root.resolve(".postfleet/Mailbox.ids")) <= DeliveredIds.KEEP * 2L - 40) {
      ids.record("Q" + (++n) + ".0123456789abcdef.postfleet");
    }
    ids.record("Q" + (++n) + ".0123456789abcdef.postfleet");
    assertTrue(Files.size(root.resolve(".postfleet/Mailbox.ids")) <= DeliveredIds.KEEP);
    assertFalse(ids.contains(first));
    assertTrue(ids.contains("Q" + n + ".0123456789abcdef.postfleet"));
    assertTrue(ids.contains("Q" + (n - 100) + ".0123456789abcdef.postfleet"));
  }

  @Test
  void aQuarantinedJobGoesToTheJunkMboxOfTheMailFolder() throws IOException {
    LocalDeliveryJob junk = job("4MB5", "", "ann@d.test", "Subject: spam\r\n\r\nbuy\r\n").inFolder(".Junk");
    Path mbox = writer().write(junk, false).file();
    assertEquals(root.resolve("d.test/ann/mail/Junk"), mbox);
    assertFalse(Files.exists(root.resolve("d.test/ann/Mailbox")));
    assertThrows(UndeliverableMailboxException.class, () -> writer().write(junk.inFolder("../x"), false));
  }

  @Test
  void aHeldDotLockDefersAndAStaleOneIsRemoved() throws IOException {
    Path home = Files.createDirectories(root.resolve("d.test/ann"));
    Path lock = Files.createFile(home.resolve("Mailbox.lock"));
    LocalDeliveryJob job = job("4MB6", "", "ann@d.test", "Subject: x\r\n\r\nx\r\n");
    IOException locked = assertThrows(IOException.class, () -> writer().write(job, false));
    assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
    assertFalse(Files.exists(home.resolve("Mailbox")));

    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofSeconds(600))));
    assertTrue(writer().write(job, false).created());
    assertFalse(Files.exists(lock));
  }

  /**
   * A write that fails half way (here the file size limit of {@code ulimit -f}, EFBIG) leaves the
   * mbox as it was: the part written is cut off again.
   */
  @Test
  void aFailedAppendIsTruncatedBackToTheOriginalLength() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit -f");
    MboxWriter writer = writer();
    writer.write(job("4MB7", "", "ann@d.test", "Subject: first\r\n\r\n" + "x".repeat(1500) + "\r\n"), false);
    Path mbox = root.resolve("d.test/ann/Mailbox");
    byte[] before = Files.readAllBytes(mbox);
    assertTrue(before.length > 1024 && before.length < 2048);

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder("/bin/bash", "-c", "ulimit -f 2; exec \"$0\" -cp \"$1\" \"$2\" \"$3\"", java,
        System.getProperty("java.class.path"), AppendOnce.class.getName(), root.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(3, p.exitValue(), output);
    assertTrue(output.contains("File too large"), output);
    assertArrayEquals(before, Files.readAllBytes(mbox));
    assertFalse(Files.exists(root.resolve("d.test/ann/Mailbox.lock")));
  }

  /** Run in a JVM of its own under {@code ulimit -f}: appends a message too large for the limit. */
  public static final class AppendOnce {
    public static void main(String[] args) {
      MboxWriter writer = new MboxWriter(Path.of(args[0]), QUICK, Clock.systemUTC());
      try {
        writer.write(job("4MB8", "", "ann@d.test", "Subject: big\r\n\r\n" + "y".repeat(4000) + "\r\n"), false);
        System.exit(0);
      } catch (IOException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }

  @Test
  void aMessageThatWouldPassTheQuotaIsRefusedAndTheMboxLeftAsItWas() throws IOException {
    LocalDeliveryJob first = withQuota(
        job("4MBQ1", "info@d.test", "ann@d.test", "Subject: a\r\n\r\n" + "x".repeat(300)), 700);
    Path mbox = writer().write(first, false).file();
    long size = Files.size(mbox);
    LocalDeliveryJob second = withQuota(
        job("4MBQ2", "info@d.test", "ann@d.test", "Subject: b\r\n\r\n" + "y".repeat(300)), 700);

    MailboxFullException full = assertThrows(MailboxFullException.class, () -> writer().write(second, false));
    assertEquals(size, full.usage().bytes());
    assertTrue(full.getMessage().startsWith("mailbox full: quota exceeded (" + size + " of 700 bytes used"),
        full.getMessage());
    assertEquals(size, Files.size(mbox));
    // A replay of the message already in it is not refused for its own copy.
    assertFalse(writer().write(first, false).created());
    // Raised quota: it fits.
    assertTrue(writer().write(withQuota(second, 2000), false).created());
  }

  private static LocalDeliveryJob withQuota(LocalDeliveryJob j, long quota) {
    return new LocalDeliveryJob(j.queueId(), j.mailFrom(), j.mailbox(), j.originalRecipient(), j.options(),
        j.queuedAt(),
        j.content(), j.folder(), j.format(), j.pipe(), j.attempts(), quota);
  }

  /** Python's mailbox module, a reader written apart from us, finds every message and its body. */
  @Test
  void pythonsMailboxModuleReadsIt() throws Exception {
    Assumptions.assumeTrue(hasPython(), "python3 is not installed: no independent mbox reader to check with");
    MboxWriter writer = writer();
    List<String> bodies = List.of("one\nFrom the start of a line\n", "two\n\nFrom \n>From already quoted\n\n",
        "three, no final newline");
    List<String> senders = List.of("info@d.test", "", "x@y.test");
    for (int i = 0; i < bodies.size(); i++) {
      writer.write(job("4MBP" + i, senders.get(i), "ann@d.test",
          ("Subject: m" + i + "\n\n" + bodies.get(i)).replace("\n", "\r\n")), false);
    }
    String script = String.join("\n",
        "import mailbox, sys, json",
        "box = mailbox.mbox(sys.argv[1], create=False)",
        "out = []",
        "for m in box:",
        "    out.append({'from': m.get_from(), 'subject': m['Subject'], 'to': m['Delivered-To'],",
        "                'body': m.get_payload()})",
        "print(json.dumps(out))");
    Process p = new ProcessBuilder("python3", "-c", script, root.resolve("d.test/ann/Mailbox").toString())
        .redirectErrorStream(true).start();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), json);
    List<String> parsed = parseMessages(json);
    assertEquals(bodies.size() * 4, parsed.size(), json);
    for (int i = 0; i < bodies.size(); i++) {
      String from = parsed.get(4 * i);
      assertTrue(from.startsWith((senders.get(i).isEmpty() ? "MAILER-DAEMON" : senders.get(i)) + "  Thu Dec  3"), from);
      assertEquals("m" + i, parsed.get(4 * i + 1));
      assertEquals("ann@d.test", parsed.get(4 * i + 2));
      // mboxo, as Postfix writes it: a line starting "From " is shown quoted, every other line as it was;
      // unquoting gives the original back for a body that had no ">From " line of its own.
      String body = parsed.get(4 * i + 3);
      String original = bodies.get(i).endsWith("\n") ? bodies.get(i) : bodies.get(i) + "\n";
      assertEquals(original.replaceAll("(?m)^From ", ">From "), body, json);
      if (!original.contains(">From ")) {
        assertEquals(original, body.replaceAll("(?m)^>From ", "From "));
      }
    }
  }

  private static boolean hasPython() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import mailbox").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The four strings of each message in the JSON above, in order; a JSON library would be a test dependency for this alone. */
  private static List<String> parseMessages(String json) {
    List<String> values = new ArrayList<>();
    int i = 0;
    while ((i = json.indexOf("\": \"", i)) >= 0) {
      i += 4;
      StringBuilder v = new StringBuilder();
      while (json.charAt(i) != '"') {
        char c = json.charAt(i++);
        if (c == '\\') {
          char e = json.charAt(i++);
          switch (e) {
            case 'n' -> v.append('\n');
            case 'r' -> v.append('\r');
            case 't' -> v.append('\t');
            case 'u' -> {
              v.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
              i += 4;
            }
            default -> v.append(e);
          }
        } else {
          v.append(c);
        }
      }
      values.add(v.toString());
    }
    return values;
  }
}
