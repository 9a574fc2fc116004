package io.postfleet.localdelivery.quota;

import io.postfleet.contract.MailboxUsage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Maildir++ {@code maildirsize} file in the root of a Maildir, shared with Dovecot's and
 * Courier's {@code maildir} quota: a first line with the quota ({@code 1000000S}), then one line
 * {@code <bytes> <count>} per change, appended by whoever delivers (positive) or deletes (negative)
 * mail. The sum of the lines is the usage. As the spec says, the file is rebuilt from a walk of the
 * Maildir when it is missing, has grown past 5120 bytes, carries another quota, cannot be read, or
 * claims the mailbox is over quota while older than 15 minutes (lines can be lost, so a full verdict
 * from old lines is checked against the files before mail is refused).
 *
 * <p>Appends are single {@code write(2)} calls on a file opened with {@code O_APPEND}, which the
 * kernel does not interleave: writers in several pods and Dovecot may append at once. A rebuild is
 * written under {@code tmp/} and renamed over the old file. The file is advisory and never fsynced:
 * after a crash it is at worst recalculated.
 */
public final class MaildirSize {
  /** The size past which the spec asks for a recalculation. */
  static final long MAX_FILE_BYTES = 5120;
  /** How old an over-quota file must be before it is recalculated rather than trusted. */
  static final Duration RECHECK_FULL_AFTER = Duration.ofMinutes(15);
  static final String FILE_NAME = "maildirsize";

  private final Path maildir;
  private final Path file;
  private final long quotaBytes;

  /** @param quotaBytes the mailbox's quota, positive */
  public MaildirSize(Path maildir, long quotaBytes) {
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("a maildirsize file needs a positive quota, not " + quotaBytes);
    }
    this.maildir = maildir;
    this.file = maildir.resolve(FILE_NAME);
    this.quotaBytes = quotaBytes;
  }

  public long quotaBytes() {
    return quotaBytes;
  }

  /** The usage the file records, after rebuilding it when the spec says so. */
  public MailboxUsage usage() throws IOException {
    MailboxUsage recorded = read();
    if (recorded == null) {
      return recalculate();
    }
    if (recorded.bytes() >= quotaBytes && olderThan(RECHECK_FULL_AFTER)) {
      return recalculate();
    }
    return recorded;
  }

  /**
   * Records one change. False when there is no file to append to (a new Maildir, or a reader
   * rebuilding it): the caller recalculates, and the walk counts the change.
   */
  public boolean add(long bytes, long count) throws IOException {
    byte[] line = (bytes + " " + count + "\n").getBytes(StandardCharsets.US_ASCII);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeFully(out, ByteBuffer.wrap(line));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Walks the Maildir and replaces the file with the quota line and one line of totals. */
  public MailboxUsage recalculate() throws IOException {
    MailboxUsage walked = MaildirWalk.count(maildir);
    String text = header() + "\n" + walked.bytes() + " " + walked.messages() + "\n";
    Path staging = maildir.resolve("tmp").resolve(FILE_NAME + "." + Long.toHexString(
        ThreadLocalRandom.current().nextLong()));
    Files.createDirectories(staging.getParent());
    try {
      Files.write(staging, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE_NEW);
      Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(staging);
    }
    return walked;
  }

  private String header() {
    return quotaBytes + "S";
  }

  /** Whether a quota line ({@code 1000S}, or {@code 1000S,0C} as Dovecot may write it) is our quota. */
  private boolean ours(String line) {
    boolean size = false;
    for (String part : line.trim().toUpperCase(Locale.ROOT).split(",")) {
      if (part.equals(header())) {
        size = true;
      } else if (!part.equals("0C")) {
        return false;
      }
    }
    return size;
  }

  /** The recorded sum, or null when the file must be rebuilt. */
  private MailboxUsage read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (bytes.length > MAX_FILE_BYTES) {
      return null;
    }
    String[] lines = new String(bytes, StandardCharsets.US_ASCII).split("\n", -1);
    if (!ours(lines[0])) {
      return null;
    }
    long total = 0;
    long count = 0;
    // The last element is what follows the final newline: a line still being written, or nothing.
    for (int i = 1; i < lines.length - 1; i++) {
      String[] fields = lines[i].trim().split("\\s+");
      if (fields.length != 2) {
        return null;
      }
      try {
        total += Long.parseLong(fields[0]);
        count += Long.parseLong(fields[1]);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return total < 0 || count < 0 ? null : new MailboxUsage(total, count);
  }

  private boolean olderThan(Duration age) throws IOException {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(age));
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
