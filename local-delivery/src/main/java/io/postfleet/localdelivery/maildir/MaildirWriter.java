package io.postfleet.localdelivery.maildir;

import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.localdelivery.mailbox.LineEnds;
import io.postfleet.localdelivery.mailbox.MailboxWriter;
import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
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
 * {@code Maildir/.Junk/}, marked with the {@code maildirfolder} file IMAP servers expect. The file
 * has LF line ends ({@link LineEnds}) and its size in the name ({@code ,S=}), as Dovecot writes it,
 * so quota and POP3 code need not stat the file.
 *
 * <p>A reader that has seen the message moves it to {@code cur/<name>:2,<flags>} and renames it
 * again at each flag change, so a replay must find the base name with any suffix. Listing {@code cur/}
 * costs as much as the mailbox is large, so it is done only for a job the consumer says may be a
 * repeat (Kafka offsets below what was in the log when the partition was assigned, or of a failed
 * batch), which in steady state is none: a fresh job costs three {@code stat}s. A marker file per
 * delivery would make every delivery pay for the rare replay, and markers in {@code new/} are seen
 * as messages by readers that do not skip dot files.
 */
public final class MaildirWriter implements MailboxWriter {
  private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9]{1,32}");
  /** A Maildir++ folder name: a dot, then a name that cannot leave the Maildir. */
  private static final Pattern FOLDER = Pattern.compile("\\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** The info a reader gives a message it has fetched (no flags) and one it has shown (Seen). */
  private static final String[] SEEN = {":2,", ":2,S"};

  private final Path root;

  public MaildirWriter(Path root) {
    this.root = root;
  }

  @Override
  public Written write(LocalDeliveryJob job, boolean mayBeRepeat) throws IOException {
    Path inbox = MailboxPath.of(root, job.mailbox());
    Path maildir = inbox;
    ensureMaildir(inbox);
    if (!job.folder().isEmpty()) {
      if (!FOLDER.matcher(job.folder()).matches()) {
        throw new UndeliverableMailboxException("'" + job.folder() + "' is not a Maildir++ folder name");
      }
      maildir = inbox.resolve(job.folder());
      ensureFolder(maildir);
    }
    Path tmp = maildir.resolve("tmp");
    Path fresh = maildir.resolve("new");
    String base = uniqueName(job);
    byte[] bytes = fileBytes(job);
    String name = base + ",S=" + bytes.length;
    Path target = fresh.resolve(name);
    if (Files.exists(target)) {
      return new Written(target, false, fresh);
    }
    Path earlier = mayBeRepeat ? listed(maildir, base) : seenByName(maildir.resolve("cur"), name);
    if (earlier != null) {
      return new Written(earlier, false, earlier.getParent());
    }
    // A tmp name of its own per attempt: two consumers replaying the same job never share a tmp file.
    Path staging = tmp.resolve(name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel out = FileChannel.open(staging, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        writeFully(out, ByteBuffer.wrap(bytes));
        out.force(true);
      }
      try {
        Files.createLink(target, staging);
        return new Written(target, true, fresh);
      } catch (FileAlreadyExistsException e) {
        return new Written(target, false, fresh);
      }
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  /**
   * Whether an earlier attempt of this job already left its file in the mailbox (new or read), so a
   * replay must not be refused for what that copy takes up.
   */
  public boolean holds(LocalDeliveryJob job) throws IOException {
    Path maildir = MailboxPath.of(root, job.mailbox());
    if (!job.folder().isEmpty()) {
      if (!FOLDER.matcher(job.folder()).matches()) {
        return false;
      }
      maildir = maildir.resolve(job.folder());
    }
    // Under any flags a reader gave it; a listing, but only for a mailbox at its quota.
    return listed(maildir, uniqueName(job)) != null;
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

  /**
   * A job published twice (queue-manager routes a message again after a crash before its commit)
   * comes as a fresh record. Two stats cover the states a reader leaves a message in within seconds
   * of its delivery, fetched and seen; later flags need the listing, which a record the consumer has
   * not had before does not pay for.
   */
  private static Path seenByName(Path cur, String name) {
    for (String info : SEEN) {
      Path file = cur.resolve(name + info);
      if (Files.exists(file)) {
        return file;
      }
    }
    return null;
  }

  /** A file of this job in {@code new/} or {@code cur/}, found by listing both. */
  private static Path listed(Path maildir, String base) throws IOException {
    Path found = find(maildir.resolve("new"), base);
    return found != null ? found : find(maildir.resolve("cur"), base);
  }

  /**
   * A file of this job under any name a reader gives it: the base name, then {@code ,S=...} or
   * {@code :2,<flags>}. Null when there is none.
   */
  private static Path find(Path dir, String base) throws IOException {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> {
      String n = f.getFileName().toString();
      return n.startsWith(base) && (n.length() == base.length() || n.charAt(base.length()) == ','
          || n.charAt(base.length()) == ':');
    })) {
      for (Path f : files) {
        return f;
      }
    }
    return null;
  }

  /** The trace headers, then the message, with LF line ends. */
  static byte[] fileBytes(LocalDeliveryJob job) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(job.content().length + 128);
    byte[] trace = traceHeaders(job);
    out.write(trace, 0, trace.length);
    LineEnds.toLf(job.content(), out);
    return out.toByteArray();
  }

  /** {@code Return-Path:} and {@code Delivered-To:} as Postfix's local(8) prepends them. */
  public static byte[] traceHeaders(LocalDeliveryJob job) {
    return ("Return-Path: <" + job.mailFrom() + ">\nDelivered-To: " + job.mailbox() + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code <queue id>.<digest of the mailbox>.postfleet}: unique per message and mailbox, and the
   * same on every replay (the base of the Maildir name, and the id mbox delivery records).
   */
  public static String uniqueName(LocalDeliveryJob job) {
    if (!QUEUE_ID.matcher(job.queueId()).matches()) {
      throw new UndeliverableMailboxException("queue id '" + job.queueId() + "' cannot name a file");
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
