package io.postfleet.localdelivery.maildir;

import io.postfleet.contract.LocalDeliveryJob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Writes one message into a Maildir the way the Maildir spec and Postfix's local/maildir.c do: create
 * a unique file in {@code tmp/}, write and fsync it, then link it into {@code new/}, so a reader never
 * sees a partial message. The name in {@code new/} is a function of queue id and mailbox, which makes
 * a replayed job (after a crash before the Kafka commit) find its earlier copy instead of adding one.
 * The caller fsyncs the {@code new/} directories once per batch ({@link #syncDirectory}). A job for
 * a folder (a quarantined message for {@code .Junk}) goes into that Maildir++ folder of the mailbox,
 * {@code Maildir/.Junk/}, marked with the {@code maildirfolder} file IMAP servers expect.
 */
public final class MaildirWriter {
  private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  /** A Maildir++ folder name: a dot, then a name that cannot leave the Maildir. */
  private static final Pattern FOLDER = Pattern.compile("\\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final Path root;

  public MaildirWriter(Path root) {
    this.root = root;
  }

  /** The result of one write: the file in {@code new/}, and whether this call created it. */
  public record Written(Path file, boolean created) {
    public Path newDirectory() {
      return file.getParent();
    }
  }

  public Written write(LocalDeliveryJob job) throws IOException {
    Path inbox = MailboxPath.of(root, job.mailbox());
    Path maildir = inbox;
    ensureMaildir(inbox);
    if (!job.folder().isEmpty()) {
      if (!FOLDER.matcher(job.folder()).matches()) {
        throw new IllegalArgumentException("'" + job.folder() + "' is not a Maildir++ folder name");
      }
      maildir = inbox.resolve(job.folder());
      ensureFolder(maildir);
    }
    Path tmp = maildir.resolve("tmp");
    Path fresh = maildir.resolve("new");
    String name = uniqueName(job);
    Path target = fresh.resolve(name);
    if (Files.exists(target) || Files.exists(maildir.resolve("cur").resolve(name + ":2,"))) {
      return new Written(target, false);
    }
    // A tmp name of its own per attempt: two consumers replaying the same job never share a tmp file.
    Path staging = tmp.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel out = FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(out, ByteBuffer.wrap(traceHeaders(job)));
        writeFully(out, ByteBuffer.wrap(job.content()));
        out.force(true);
      }
      try {
        Files.createLink(target, staging);
        return new Written(target, true);
      } catch (FileAlreadyExistsException e) {
        return new Written(target, false);
      }
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  /**
   * Whether an earlier attempt of this job already left its file in the mailbox (new or read), so a
   * replay must not be refused for what that copy takes up.
   */
  public boolean holds(LocalDeliveryJob job) {
    Path maildir = MailboxPath.of(root, job.mailbox());
    if (!job.folder().isEmpty()) {
      if (!FOLDER.matcher(job.folder()).matches()) {
        return false;
      }
      maildir = maildir.resolve(job.folder());
    }
    String name = uniqueName(job);
    return Files.exists(maildir.resolve("new").resolve(name)) || Files.exists(maildir.resolve("cur").resolve(name + ":2,"));
  }

  /** fsync of a directory makes the link in it durable (the file's own fsync does not). */
  public static void syncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private static void ensureMaildir(Path maildir) throws IOException {
    if (Files.isDirectory(maildir.resolve("new"))) {
      return;
    }
    createSubdirectories(maildir);
    // New directories must survive a crash too: sync the Maildir and the folders above it.
    syncDirectory(maildir);
    syncDirectory(maildir.getParent());
    syncDirectory(maildir.getParent().getParent());
  }

  /** A folder inside a Maildir that exists: its own tmp/new/cur and the Maildir++ marker file. */
  private static void ensureFolder(Path folder) throws IOException {
    if (Files.isDirectory(folder.resolve("new"))) {
      return;
    }
    createSubdirectories(folder);
    try {
      Files.createFile(folder.resolve("maildirfolder"));
    } catch (FileAlreadyExistsException e) {
      // Another consumer created the folder at the same time: the marker is there.
    }
    syncDirectory(folder);
    syncDirectory(folder.getParent());
  }

  private static void createSubdirectories(Path maildir) throws IOException {
    Files.createDirectories(maildir.resolve("tmp"));
    Files.createDirectories(maildir.resolve("new"));
    Files.createDirectories(maildir.resolve("cur"));
  }

  /** {@code Return-Path:} and {@code Delivered-To:} as Postfix's local(8) prepends them. */
  private static byte[] traceHeaders(LocalDeliveryJob job) {
    return ("Return-Path: <" + job.mailFrom() + ">\r\nDelivered-To: " + job.mailbox() + "\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code <queue id>.<digest of the mailbox>.postfleet}: unique per message and mailbox, and the
   * same on every replay.
   */
  static String uniqueName(LocalDeliveryJob job) {
    if (!QUEUE_ID.matcher(job.queueId()).matches()) {
      throw new IllegalArgumentException("queue id '" + job.queueId() + "' cannot name a file");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(job.mailbox().getBytes(StandardCharsets.UTF_8));
      return job.queueId() + "." + HexFormat.of().formatHex(digest, 0, 8) + ".postfleet";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
