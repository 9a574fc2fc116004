package io.postfleet.localdelivery.mbox;

import io.postfleet.localdelivery.maildir.MaildirWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The ids of the messages last appended to one mbox, one a line, in a side file of local-delivery
 * ({@code <home>/.postfleet/Mailbox.ids}, {@code <home>/.postfleet/mail.Junk.ids} for a folder), read and written only under the mbox's locks. A
 * replayed job finds its id here and appends nothing. A header in the message itself would be
 * lost when a reader rewrites or expunges the mbox, and finding it would mean reading the mbox; this
 * file is small and only ours. It keeps the last ids up to {@link #KEEP} bytes, far more than one
 * mailbox's share of a replayed batch.
 *
 * <p>The id is recorded after the message is fsynced in the mbox: a crash between the two (a few
 * microseconds) lets a replay append a second copy, never lose one.
 */
final class DeliveredIds {
  static final int KEEP = 32 * 1024;

  private final Path file;

  DeliveredIds(Path file) {
    this.file = file;
  }

  boolean contains(String id) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    List<String> ids = Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).split("\n"));
    return ids.contains(id);
  }

  /** Appends the id durably; past twice {@link #KEEP} bytes, rewrites the file with the newest ids. */
  void record(String id) throws IOException {
    boolean fresh = !Files.exists(file);
    if (fresh) {
      Files.createDirectories(file.getParent());
    }
    long size;
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer line = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII));
      while (line.hasRemaining()) {
        out.write(line);
      }
      out.force(true);
      size = out.size();
    }
    if (fresh) {
      MaildirWriter.syncDirectory(file.getParent());
    }
    if (size > 2L * KEEP) {
      compact();
    }
  }

  private void compact() throws IOException {
    byte[] all = Files.readAllBytes(file);
    int from = all.length - KEEP;
    while (from < all.length && all[from - 1] != '\n') {
      from++;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer kept = ByteBuffer.wrap(all, from, all.length - from);
      while (kept.hasRemaining()) {
        out.write(kept);
      }
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    MaildirWriter.syncDirectory(file.getParent());
  }
}
