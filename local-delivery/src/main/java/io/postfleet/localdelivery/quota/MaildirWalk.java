package io.postfleet.localdelivery.quota;

import io.postfleet.contract.MailboxUsage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Counts a Maildir the way the Maildir++ quota spec recalculates it: every file in {@code new/} and
 * {@code cur/} of the Maildir and of each of its folders ({@code .Name/}); {@code tmp/} holds nothing
 * delivered yet. A name carrying {@code ,S=<size>} (as Dovecot and Courier write them) gives its size
 * without a stat. A file that a reader moves or deletes during the walk is skipped: the spec accepts
 * that a recalculation races with readers.
 */
final class MaildirWalk {
  private MaildirWalk() {}

  static MailboxUsage count(Path maildir) throws IOException {
    long[] total = new long[2];
    countMessages(maildir, total);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir, MaildirWalk::isFolder)) {
      for (Path folder : entries) {
        countMessages(folder, total);
      }
    } catch (NoSuchFileException e) {
      // No Maildir yet: nothing in it.
    }
    return new MailboxUsage(total[0], total[1]);
  }

  private static boolean isFolder(Path entry) {
    String name = entry.getFileName().toString();
    return name.startsWith(".") && !name.equals(".") && !name.equals("..") && Files.isDirectory(entry);
  }

  private static void countMessages(Path maildir, long[] total) throws IOException {
    for (String sub : new String[] {"new", "cur"}) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(maildir.resolve(sub))) {
        for (Path file : files) {
          long size = size(file);
          if (size >= 0) {
            total[0] += size;
            total[1]++;
          }
        }
      } catch (NoSuchFileException e) {
        // A folder without new/ or cur/ holds no messages there.
      }
    }
  }

  /** The size from {@code ,S=} in the name, else from the file; -1 when the file went away. */
  static long size(Path file) throws IOException {
    String name = file.getFileName().toString();
    int at = name.indexOf(",S=");
    if (at >= 0) {
      int end = at + 3;
      while (end < name.length() && Character.isDigit(name.charAt(end))) {
        end++;
      }
      if (end > at + 3 && end - at - 3 <= 18) {
        return Long.parseLong(name.substring(at + 3, end));
      }
    }
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }
}
