package io.postfleet.localdelivery.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.MailboxUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Maildir++ maildirsize accounting: sums, rebuilds when the spec asks, and appends from many writers. */
class MaildirSizeTest {
  @TempDir
  Path maildir;

  @Test
  void aMissingFileIsBuiltFromTheMessagesOfTheMaildirAndItsFolders() throws IOException {
    message("new", "a", 100);
    message("cur", "b:2,S", 250);
    message("tmp", "not-delivered-yet", 9999);
    Files.createDirectories(maildir.resolve(".Junk/cur"));
    message(".Junk/cur", "c:2,", 50);
    // Dovecot names a message with its size: the walk believes the name, not the file.
    message("cur", "1733130000.M1P2.host,S=4000,W=4100:2,S", 10);

    MailboxUsage usage = new MaildirSize(maildir, 10_000).usage();

    assertEquals(new MailboxUsage(100 + 250 + 50 + 4000, 4), usage);
    assertEquals("10000S\n4400 4\n", read());
  }

  @Test
  void appendedLinesAreSummedWithoutWalkingAgain() throws IOException {
    MaildirSize size = new MaildirSize(maildir, 10_000);
    size.usage();
    size.add(300, 1);
    size.add(200, 1);
    // A reader (Dovecot) deleting a message appends a negative line.
    Files.writeString(maildir.resolve("maildirsize"), "-300 -1\n", StandardOpenOption.APPEND);

    assertEquals(new MailboxUsage(200, 1), size.usage());
    assertEquals("10000S\n0 0\n300 1\n200 1\n-300 -1\n", read());
  }

  @Test
  void aFileGrownPast5120BytesIsRecalculated() throws IOException {
    message("new", "only", 700);
    MaildirSize size = new MaildirSize(maildir, 1_000_000);
    size.usage();
    // Lines that no longer match the files, as after deliveries whose messages were since expunged.
    while (Files.size(maildir.resolve("maildirsize")) <= MaildirSize.MAX_FILE_BYTES) {
      size.add(10, 1);
    }
    assertTrue(read().lines().count() > 400);

    assertEquals(new MailboxUsage(700, 1), size.usage());
    assertEquals("1000000S\n700 1\n", read());
  }

  @Test
  void aChangedQuotaRewritesTheFile() throws IOException {
    message("new", "m", 123);
    new MaildirSize(maildir, 5_000).usage();
    Files.writeString(maildir.resolve("maildirsize"), "77 1\n", StandardOpenOption.APPEND);

    assertEquals(new MailboxUsage(123, 1), new MaildirSize(maildir, 9_000).usage());
    assertEquals("9000S\n123 1\n", read());
  }

  @Test
  void aGarbledLineRebuildsTheFile() throws IOException {
    message("new", "m", 50);
    Files.writeString(maildir.resolve("maildirsize"), "1000S\n50 1\nnot a number\n");

    assertEquals(new MailboxUsage(50, 1), new MaildirSize(maildir, 1000).usage());
  }

  @Test
  void anOldFullVerdictIsCheckedAgainstTheFilesButAFreshOneIsTrusted() throws IOException {
    message("new", "m", 40);
    Path file = maildir.resolve("maildirsize");
    Files.writeString(file, "1000S\n40 1\n2000 5\n");
    MaildirSize size = new MaildirSize(maildir, 1000);

    assertEquals(new MailboxUsage(2040, 6), size.usage(), "a fresh file is believed");

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(MaildirSize.RECHECK_FULL_AFTER)
        .minus(Duration.ofMinutes(1))));
    assertEquals(new MailboxUsage(40, 1), size.usage(), "an old one is recounted before mail is refused");
  }

  /**
   * Two writers (two local-delivery pods, or Dovecot and us) append at once: no line is torn or lost,
   * so the file's sum is the walk's.
   */
  @Test
  void concurrentAppendsFromTwoWritersAreAllKept() throws Exception {
    MaildirSize first = new MaildirSize(maildir, Long.MAX_VALUE / 2);
    MaildirSize second = new MaildirSize(maildir, Long.MAX_VALUE / 2);
    first.usage();
    int perWriter = 300;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (MaildirSize writer : List.of(first, second)) {
        String prefix = writer == first ? "a" : "b";
        writers.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < perWriter; i++) {
            int bytes = 100 + i;
            message("new", prefix + i, bytes);
            writer.add(bytes, 1);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> w : writers) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }

    List<String> lines = read().lines().toList();
    assertEquals(1 + 1 + 2 * perWriter, lines.size());
    long bytes = 0;
    long count = 0;
    for (String line : lines.subList(1, lines.size())) {
      assertTrue(line.matches("\\d+ \\d+"), "torn line: " + line);
      String[] fields = line.split(" ");
      bytes += Long.parseLong(fields[0]);
      count += Long.parseLong(fields[1]);
    }
    MailboxUsage walked = MaildirWalk.count(maildir);
    assertEquals(walked, new MailboxUsage(bytes, count));
    assertEquals(2L * perWriter, walked.messages());
    // Grown past 5120 bytes, the next read recounts and agrees.
    assertEquals(walked, first.usage());
  }

  private void message(String folder, String name, int bytes) throws IOException {
    Files.createDirectories(maildir.resolve(folder));
    Files.write(maildir.resolve(folder).resolve(name), new byte[bytes]);
  }

  private String read() throws IOException {
    return Files.readString(maildir.resolve("maildirsize"), StandardCharsets.US_ASCII);
  }
}
