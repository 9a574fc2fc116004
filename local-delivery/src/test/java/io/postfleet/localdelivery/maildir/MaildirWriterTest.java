package io.postfleet.localdelivery.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirWriterTest {
  private static final byte[] CONTENT = "Received: from x\r\nSubject: hi\r\n\r\nmail from info to request.\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path root;

  @Test
  void writesIntoNewWithTraceHeadersAndLeavesTmpEmpty() throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC123", "info@mail.example.test", "request@mail.example.test",
        "request@mail.example.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, "");
    MaildirWriter.Written written = new MaildirWriter(root).write(job);

    Path maildir = root.resolve("mail.example.test/request/Maildir");
    assertTrue(written.created());
    assertEquals(maildir.resolve("new"), written.newDirectory());
    assertTrue(Files.isDirectory(maildir.resolve("cur")));
    assertEquals(0, count(maildir.resolve("tmp")));
    byte[] expected = ("Return-Path: <info@mail.example.test>\r\nDelivered-To: request@mail.example.test\r\n"
        + new String(CONTENT, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(expected, Files.readAllBytes(written.file()));
  }

  @Test
  void aReplayedJobFindsItsFileAndAddsNoCopy() throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC124", "", "request@mail.example.test", "r@x", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, "");
    MaildirWriter writer = new MaildirWriter(root);
    assertTrue(writer.write(job).created());
    assertFalse(writer.write(job).created());
    assertEquals(1, count(root.resolve("mail.example.test/request/Maildir/new")));
  }

  @Test
  void theSameMessageForTwoMailboxesMakesTwoFiles() throws IOException {
    MaildirWriter writer = new MaildirWriter(root);
    writer.write(new LocalDeliveryJob("4ABC125", "", "a@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ""));
    writer.write(new LocalDeliveryJob("4ABC125", "", "b@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ""));
    assertEquals(1, count(root.resolve("d.test/a/Maildir/new")));
    assertEquals(1, count(root.resolve("d.test/b/Maildir/new")));
  }

  @Test
  void aJobForAFolderGoesIntoThatMaildirPlusPlusFolder() throws IOException {
    MaildirWriter writer = new MaildirWriter(root);
    MaildirWriter.Written written = writer.write(new LocalDeliveryJob("4ABC126", "", "a@d.test", "a@d.test",
        EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ".Junk"));
    Path junk = root.resolve("d.test/a/Maildir/.Junk");
    assertEquals(junk.resolve("new"), written.newDirectory());
    assertTrue(Files.isRegularFile(junk.resolve("maildirfolder")));
    assertTrue(Files.isDirectory(junk.resolve("cur")));
    assertEquals(0, count(root.resolve("d.test/a/Maildir/new")), "nothing in the inbox");
    assertFalse(writer.write(new LocalDeliveryJob("4ABC126", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, ".Junk")).created());
    for (String folder : new String[] {"Junk", "../x", ".", "./..", ".a/b"}) {
      LocalDeliveryJob job = new LocalDeliveryJob("4ABC127", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
          Instant.EPOCH, CONTENT, folder);
      assertThrows(UndeliverableMailboxException.class, () -> writer.write(job), folder);
    }
  }

  @Test
  void noAddressEscapesItsDomainFolder() {
    assertEquals(root.resolve("d.test/%2E./Maildir"), MailboxPath.of(root, "..@d.test"));
    assertEquals(root.resolve("d.test/a%2Fb/Maildir"), MailboxPath.of(root, "a/b@d.test"));
    assertEquals(root.resolve("d.test/%2E%2Fetc/Maildir"), MailboxPath.of(root, "./etc@d.test"));
  }

  @Test
  void aQueueIdThatCannotNameAFileIsRefused() {
    LocalDeliveryJob job = new LocalDeliveryJob("../x", "", "a@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, "");
    assertThrows(UndeliverableMailboxException.class, () -> new MaildirWriter(root).write(job));
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
