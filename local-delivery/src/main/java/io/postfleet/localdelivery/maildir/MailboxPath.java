package io.postfleet.localdelivery.maildir;

import io.postfleet.localdelivery.mailbox.UndeliverableMailboxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps a mailbox address to its home, {@code <root>/<domain>/<localpart>/}, which holds its Maildir,
 * {@code Maildir/}, or its mbox, {@code Mailbox} (Postfix's two {@code home_mailbox} examples). A local part may
 * legally contain {@code /} or be {@code ..} (RFC 5321 atext), so every byte outside a safe set is
 * %-encoded: no address can name a path outside its domain's folder.
 */
public final class MailboxPath {
  private MailboxPath() {}

  public static Path of(Path root, String mailbox) {
    return home(root, mailbox).resolve("Maildir");
  }

  public static Path home(Path root, String mailbox) {
    String lower = mailbox.toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    if (at <= 0 || at == lower.length() - 1) {
      throw new UndeliverableMailboxException("not a mailbox address: " + mailbox);
    }
    return root.resolve(segment(lower.substring(at + 1)))
        .resolve(segment(lower.substring(0, at)));
  }

  static String segment(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '+'
          || c == '=' || (c == '.' && out.length() > 0);
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return out.toString();
  }
}
