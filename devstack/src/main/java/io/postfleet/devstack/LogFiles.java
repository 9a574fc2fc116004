package io.postfleet.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of a child process's log, to say why it did not come up. */
final class LogFiles {
  private LogFiles() {}

  static String tail(Path log, int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log at " + log + ")";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return "--- last lines of " + log + " ---\n" + String.join("\n", last);
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}
