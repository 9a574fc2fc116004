package io.postfleet.localdelivery.mbox;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code <mbox>.lock} file of Postfix's {@code dot_lockfile()}, which mutt, procmail and
 * Dovecot ({@code mbox_write_locks = dotlock fcntl}) also honour: created exclusively (O_EXCL), retried
 * {@code deliver_lock_attempts} times {@code deliver_lock_delay} apart, and removed when older than
 * {@code stale_lock_time}, as a crashed writer leaves it.
 */
final class DotLock implements AutoCloseable {
  private final Path file;

  private DotLock(Path file) {
    this.file = file;
  }

  /** The lock, or an IOException after the last attempt: the delivery is retried later. */
  static DotLock acquire(Path mbox, int attempts, Duration delay, Duration staleAfter) throws IOException {
    Path lock = mbox.resolveSibling(mbox.getFileName() + ".lock");
    for (int attempt = 1;; attempt++) {
      try {
        Files.createFile(lock);
        return new DotLock(lock);
      } catch (FileAlreadyExistsException held) {
        if (removedStale(lock, staleAfter)) {
          continue;
        }
        if (attempt >= attempts) {
          throw new IOException("mailbox " + mbox + " is locked by " + lock + " (deliver_lock_attempts " + attempts
              + " exhausted)");
        }
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted waiting for " + lock, e);
        }
      }
    }
  }

  private static boolean removedStale(Path lock, Duration staleAfter) throws IOException {
    try {
      FileTime modified = Files.getLastModifiedTime(lock);
      if (modified.toInstant().isBefore(Instant.now().minus(staleAfter))) {
        Files.deleteIfExists(lock);
        return true;
      }
      return false;
    } catch (NoSuchFileException released) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
