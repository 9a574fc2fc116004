package io.postfleet.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files of one queue id in a Maildir directory (names start with the queue id). */
final class MaildirFiles {
  private MaildirFiles() {}

  static List<Path> of(Path dir, String queueId) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(queueId + ".")).toList();
    }
  }
}
