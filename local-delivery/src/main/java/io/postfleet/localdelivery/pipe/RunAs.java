package io.postfleet.localdelivery.pipe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Postfix pipe(8)'s {@code user=name} or {@code user=name:group}: the command runs with that user's
 * rights. Run as root, local-delivery switches with util-linux's {@code setpriv} (real and effective
 * ids, the user's supplementary groups) and so never runs a command as root by mistake; not root, it
 * cannot switch, and a user other than its own is refused rather than ignored, so the delivery is
 * deferred until the deployment is fixed. Without a configured user the command runs as local-delivery.
 */
final class RunAs {
  static final String SETPRIV = "/usr/bin/setpriv";

  /** The argv to put in front of the command's, or why the command must not run. */
  record Decision(List<String> prefix, String refusal) {
    boolean refused() {
      return refusal != null;
    }

    List<String> wrap(List<String> argv) {
      List<String> all = new ArrayList<>(prefix);
      all.addAll(argv);
      return all;
    }
  }

  private RunAs() {}

  /**
   * Whether this process's effective uid is 0, from {@code /proc/self/status} (no JNI, so native
   * images can tell too); false where that cannot be read.
   */
  static boolean runningAsRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or no /proc: treat as unprivileged, which never runs a command as someone else.
    }
    return false;
  }

  /**
   * @param primaryGroup the primary group of a user name, for {@code user=name} without a group
   */
  static Decision decide(Optional<String> configured, String currentUser, boolean root,
      UnaryOperator<String> primaryGroup) {
    if (configured.isEmpty() || configured.get().isBlank()) {
      return new Decision(List.of(), null);
    }
    String spec = configured.get().trim();
    int colon = spec.indexOf(':');
    String user = colon < 0 ? spec : spec.substring(0, colon);
    if (!root) {
      return user.equals(currentUser)
          ? new Decision(List.of(), null)
          : new Decision(List.of(), "pipe user " + user + " is configured, but local-delivery runs as " + currentUser
              + ", not root, and cannot switch to it");
    }
    if (user.equals("root") || user.equals("0")) {
      // pipe(8) refuses it too: a command run as root would be a root shell for whoever sends mail.
      return new Decision(List.of(), "pipe user must not be root");
    }
    String group = colon < 0 ? primaryGroup.apply(user) : spec.substring(colon + 1);
    if (group == null || group.isEmpty()) {
      return new Decision(List.of(), "pipe user " + user + " is unknown here");
    }
    return new Decision(List.of(SETPRIV, "--reuid=" + user, "--regid=" + group, "--init-groups", "--"), null);
  }
}
