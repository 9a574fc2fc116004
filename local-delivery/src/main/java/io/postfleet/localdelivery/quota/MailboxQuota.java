package io.postfleet.localdelivery.quota;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.localdelivery.maildir.MailboxPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Postfix's {@code virtual_mailbox_limit} per mailbox, counted the Maildir++ way: before a message
 * is written its mailbox's {@code maildirsize} is read and the message refused when it would take
 * the mailbox past its quota; after it is written, its size is appended. A mailbox without a quota
 * has no accounting and costs nothing.
 *
 * <p>One consumer owns a mailbox at a time (the topic is keyed by mailbox), but its writer threads
 * write a batch's jobs in parallel, so jobs of one mailbox hold a lock from check to append: two
 * messages that each fit must not together overrun the quota.
 */
public final class MailboxQuota {
  private static final int STRIPES = 64;

  private final Path root;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public MailboxQuota(Path root) {
    this.root = root;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Opens the job's mailbox account, locked until closed.
   *
   * @throws IllegalArgumentException when the mailbox address cannot name a Maildir
   */
  public Account open(LocalDeliveryJob job) throws IOException {
    if (job.quotaBytes() <= 0) {
      return Account.UNLIMITED;
    }
    Path maildir = MailboxPath.of(root, job.mailbox());
    ReentrantLock lock = locks[Math.floorMod(maildir.hashCode(), STRIPES)];
    lock.lock();
    try {
      MaildirSize size = new MaildirSize(maildir, job.quotaBytes());
      MailboxUsage usage = Files.isDirectory(maildir) ? size.usage() : new MailboxUsage(0, 0);
      return new Account(size, usage, lock);
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /** One mailbox's quota while a message is being delivered into it. */
  public static final class Account implements AutoCloseable {
    static final Account UNLIMITED = new Account(null, MailboxUsage.UNKNOWN, null);

    private final MaildirSize size;
    private final ReentrantLock lock;
    private MailboxUsage usage;

    private Account(MaildirSize size, MailboxUsage usage, ReentrantLock lock) {
      this.size = size;
      this.usage = usage;
      this.lock = lock;
    }

    /** Whether a message of this size would take the mailbox past its quota (Maildir++: usage + size > quota). */
    public boolean wouldExceed(long messageBytes) {
      return size != null && usage.bytes() + messageBytes > size.quotaBytes();
    }

    /** The reason for a bounce, as Postfix's virtual(8) and Dovecot word it, with the figures. */
    public String fullDetail(long messageBytes) {
      return String.format(Locale.ROOT, "mailbox full: quota exceeded (%d of %d bytes used, message %d bytes)",
          usage.bytes(), size.quotaBytes(), messageBytes);
    }

    /** Counts a message just written into the mailbox. */
    public void added(Path file) throws IOException {
      if (size == null) {
        return;
      }
      long bytes = MaildirWalk.size(file);
      if (bytes < 0) {
        return;
      }
      usage = size.add(bytes, 1)
          ? new MailboxUsage(usage.bytes() + bytes, usage.messages() + 1)
          : size.recalculate();
    }

    /** The usage after this delivery; {@link MailboxUsage#UNKNOWN} for a mailbox without a quota. */
    public MailboxUsage usage() {
      return usage;
    }

    @Override
    public void close() {
      if (lock != null) {
        lock.unlock();
      }
    }
  }
}
