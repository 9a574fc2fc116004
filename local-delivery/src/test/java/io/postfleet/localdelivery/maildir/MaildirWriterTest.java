package io.postfleet.localdelivery.maildir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.localdelivery.mailbox.MailboxWriter;
import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaildirWriterTest {
  private static final byte[] CONTENT = "Received: from x\r\nSubject: hi\r\n\r\nmail from info to request.\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path root;

  @Test
  void writesIntoNewWithTraceHeadersAndLeavesTmpEmpty() throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC123", "info@mail.example.test", "request@mail.example.test",
        "request@mail.example.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, "");
    MailboxWriter.Written written = new MaildirWriter(root).write(job, false);

    Path maildir = root.resolve("mail.example.test/request/Maildir");
    assertTrue(written.created());
    assertEquals(maildir.resolve("new"), written.directoryToSync());
    assertTrue(Files.isDirectory(maildir.resolve("cur")));
    assertEquals(0, count(maildir.resolve("tmp")));
    byte[] expected = ("Return-Path: <info@mail.example.test>\nDelivered-To: request@mail.example.test\n"
        + "Received: from x\nSubject: hi\n\nmail from info to request.\n").getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(expected, Files.readAllBytes(written.file()));
    assertEquals(MaildirWriter.uniqueName(job) + ",S=" + expected.length, written.file().getFileName().toString());
  }

  /** Only CRLF pairs become LF: a lone CR, a lone LF and a CR before CRLF are content. */
  @Test
  void writesLfLineEndsAndLeavesALoneCarriageReturn() throws IOException {
    byte[] content = "Subject: x\r\n\r\na\rb\nc\r\r\nd".getBytes(StandardCharsets.US_ASCII);
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC128", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, content, "");
    MailboxWriter.Written written = new MaildirWriter(root).write(job, false);
    byte[] stored = Files.readAllBytes(written.file());
    assertArrayEquals(("Return-Path: <>\nDelivered-To: a@d.test\nSubject: x\n\na\rb\nc\r\nd")
        .getBytes(StandardCharsets.US_ASCII), stored);
    assertTrue(written.file().getFileName().toString().endsWith(",S=" + stored.length));
  }

  @Test
  void aReplayedJobFindsItsFileAndAddsNoCopy() throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC124", "", "request@mail.example.test", "r@x", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, "");
    MaildirWriter writer = new MaildirWriter(root);
    assertTrue(writer.write(job, false).created());
    assertFalse(writer.write(job, true).created());
    assertFalse(writer.write(job, false).created(), "a file still in new/ is found without a listing");
    assertEquals(1, count(root.resolve("mail.example.test/request/Maildir/new")));
  }

  /** A reader moves a seen message to cur/ and renames it at each flag change (Seen, Replied). */
  @ParameterizedTest
  @ValueSource(strings = {":2,", ":2,S", ":2,RS", ":2,FRSa"})
  void aReplayFindsItsFileInCurWithAnyFlags(String flags) throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC129", "", "request@mail.example.test", "r@x",
        EsmtpOptions.NONE, Instant.EPOCH, CONTENT, "");
    MaildirWriter writer = new MaildirWriter(root);
    Path delivered = writer.write(job, false).file();
    Path maildir = root.resolve("mail.example.test/request/Maildir");
    Path seen = maildir.resolve("cur").resolve(delivered.getFileName() + flags);
    Files.move(delivered, seen);

    MailboxWriter.Written again = writer.write(job, true);
    assertFalse(again.created());
    assertEquals(seen, again.file());
    assertEquals(0, count(maildir.resolve("new")));
    assertEquals(1, count(maildir.resolve("cur")));
  }

  /**
   * A job published a second time comes as a fresh record: it still finds the file a reader has
   * fetched or seen, without a listing.
   */
  @ParameterizedTest
  @ValueSource(strings = {":2,", ":2,S"})
  void aJobPublishedTwiceFindsItsFetchedOrSeenFile(String flags) throws IOException {
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC131", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, "");
    MaildirWriter writer = new MaildirWriter(root);
    Path delivered = writer.write(job, false).file();
    Files.move(delivered, root.resolve("d.test/a/Maildir/cur").resolve(delivered.getFileName() + flags));
    assertFalse(writer.write(job, false).created());
  }

  /** Another message whose queue id starts with this one's is not taken for it. */
  @Test
  void aLongerQueueIdIsNotACopy() throws IOException {
    MaildirWriter writer = new MaildirWriter(root);
    LocalDeliveryJob longer = new LocalDeliveryJob("4ABC1300", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, "");
    Path first = writer.write(longer, false).file();
    Files.move(first, root.resolve("d.test/a/Maildir/cur").resolve(first.getFileName() + ":2,S"));
    LocalDeliveryJob job = new LocalDeliveryJob("4ABC130", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, "");
    assertTrue(writer.write(job, true).created());
  }

  @Test
  void theSameMessageForTwoMailboxesMakesTwoFiles() throws IOException {
    MaildirWriter writer = new MaildirWriter(root);
    writer.write(
        new LocalDeliveryJob("4ABC125", "", "a@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ""),
        false);
    writer.write(
        new LocalDeliveryJob("4ABC125", "", "b@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ""),
        false);
    assertEquals(1, count(root.resolve("d.test/a/Maildir/new")));
    assertEquals(1, count(root.resolve("d.test/b/Maildir/new")));
  }

  @Test
  void aJobForAFolderGoesIntoThatMaildirPlusPlusFolder() throws IOException {
    MaildirWriter writer = new MaildirWriter(root);
    MailboxWriter.Written written = writer.write(new LocalDeliveryJob("4ABC126", "", "a@d.test", "a@d.test",
        EsmtpOptions.NONE, Instant.EPOCH, CONTENT, ".Junk"), false);
    Path junk = root.resolve("d.test/a/Maildir/.Junk");
    assertEquals(junk.resolve("new"), written.directoryToSync());
    assertTrue(Files.isRegularFile(junk.resolve("maildirfolder")));
    assertTrue(Files.isDirectory(junk.resolve("cur")));
    assertEquals(0, count(root.resolve("d.test/a/Maildir/new")), "nothing in the inbox");
    assertFalse(writer.write(new LocalDeliveryJob("4ABC126", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
        Instant.EPOCH, CONTENT, ".Junk"), true).created());
    for (String folder : new String[] {"Junk", "../x", ".", "./..", ".a/b"}) {
      LocalDeliveryJob job = new LocalDeliveryJob("4ABC127", "", "a@d.test", "a@d.test", EsmtpOptions.NONE,
          Instant.EPOCH, CONTENT, folder);
      assertThrows(UndeliverableMailboxException.class, () -> writer.write(job, false), folder);
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
    LocalDeliveryJob job = new LocalDeliveryJob("../x", "", "a@d.test", "a@d.test", EsmtpOptions.NONE, Instant.EPOCH,
        CONTENT, "");
    assertThrows(UndeliverableMailboxException.class, () -> new MaildirWriter(root).write(job, false));
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
