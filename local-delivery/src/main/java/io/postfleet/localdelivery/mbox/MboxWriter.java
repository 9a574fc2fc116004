package io.postfleet.localdelivery.mbox;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.localdelivery.mailbox.MailboxFullException;
import io.postfleet.localdelivery.mailbox.MailboxWriter;
import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import io.postfleet.localdelivery.maildir.MailboxPath;
import io.postfleet.localdelivery.maildir.MaildirWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Appends one message to a mailbox's mbox as Postfix's local(8) does ({@code home_mailbox = Mailbox},
 * {@code mailbox_delivery_lock = fcntl, dotlock}): the inbox is {@code <home>/Mailbox}, a folder
 * ({@code .Junk}) is {@code <home>/mail/Junk}, the layout of Dovecot's
 * {@code mail_location = mbox:<home>/mail:INBOX=<home>/Mailbox}. Under the dot lock and an fcntl lock
 * on the file, the message is written at the end, fsynced, and only then reported delivered; a write
 * that fails is cut off again (truncate to the old length), so readers never find half a message.
 *
 * <p>fcntl locks belong to the process, so writer threads of this JVM also take a lock of their own
 * per file: two jobs for one mailbox in one batch append one after the other.
 */
public final class MboxWriter implements MailboxWriter {
  /** The inbox file in the mailbox's home (Postfix's {@code home_mailbox} example for mbox). */
  public static final String INBOX = "Mailbox";
  private static final Pattern FOLDER = Pattern.compile("\\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final Path root;
  private final Locking locking;
  private final Clock clock;
  private final ConcurrentMap<Path, Object> inProcess = new ConcurrentHashMap<>();

  /** Postfix's {@code deliver_lock_attempts}, {@code deliver_lock_delay} and {@code stale_lock_time}. */
  public record Locking(int attempts, Duration delay, Duration staleAfter) {}

  public MboxWriter(Path root, Locking locking, Clock clock) {
    this.root = root;
    this.locking = locking;
    this.clock = clock;
  }

  @Override
  public Written write(LocalDeliveryJob job, boolean mayBeRepeat) throws IOException {
    String id = MaildirWriter.uniqueName(job);
    Path home = MailboxPath.home(root, job.mailbox());
    Path mbox;
    String idsName;
    if (job.folder().isEmpty()) {
      mbox = home.resolve(INBOX);
      idsName = INBOX;
    } else {
      if (!FOLDER.matcher(job.folder()).matches()) {
        throw new UndeliverableMailboxException("'" + job.folder() + "' is not a folder name");
      }
      mbox = home.resolve("mail").resolve(job.folder().substring(1));
      idsName = "mail" + job.folder();
    }
    DeliveredIds ids = new DeliveredIds(home.resolve(".postfleet").resolve(idsName + ".ids"));
    ensureDirectory(mbox.getParent());
    synchronized (inProcess.computeIfAbsent(mbox, p -> new Object())) {
      try (DotLock dot = DotLock.acquire(mbox, locking.attempts(), locking.delay(), locking.staleAfter())) {
        // Checked for every job, not only possible repeats: a job queue-manager published twice comes
        // as a fresh record, and reading the small ids file costs little beside the two fsyncs.
        if (ids.contains(id)) {
          return new Written(mbox, false, null);
        }
        byte[] message = MboxMessage.bytes(job, clock.instant());
        if (job.quotaBytes() > 0) {
          // Postfix's mailbox_size_limit, per mailbox: the file may not grow past the quota.
          long size = Files.exists(mbox) ? Files.size(mbox) : 0;
          if (size + message.length > job.quotaBytes()) {
            throw new MailboxFullException(new MailboxUsage(size, -1), String.format(Locale.ROOT,
                "mailbox full: quota exceeded (%d of %d bytes used, message %d bytes)", size, job.quotaBytes(),
                message.length));
          }
        }
        append(mbox, message);
        ids.record(id);
        return new Written(mbox, true, null);
      }
    }
  }

  private static void append(Path mbox, byte[] message) throws IOException {
    boolean existed = Files.exists(mbox);
    try (FileChannel out = FileChannel.open(mbox, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = out.lock()) {
      long original = out.size();
      try {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        long position = original;
        while (buffer.hasRemaining()) {
          position += out.write(buffer, position);
        }
        out.force(true);
      } catch (IOException e) {
        // Postfix's mbox delivery does the same: a partial message would merge into the next one.
        out.truncate(original);
        out.force(true);
        throw e;
      }
    }
    if (!existed) {
      MaildirWriter.syncDirectory(mbox.getParent());
    }
  }

  /** The folders of a new mailbox must survive a crash too, as its file does: sync them up to the root. */
  private void ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    for (Path d = dir; d.startsWith(root); d = d.getParent()) {
      MaildirWriter.syncDirectory(d);
      if (d.equals(root)) {
        break;
      }
    }
  }
}
