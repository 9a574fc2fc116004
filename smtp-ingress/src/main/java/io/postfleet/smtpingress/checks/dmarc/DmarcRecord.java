package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtpingress.checks.DmarcVerdict.Disposition;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One DMARC policy record (RFC 7489 §6.3, with RFC 9989's {@code np}, {@code psd} and {@code t}).
 *
 * @param policy {@code p}; empty when the record asks for no DMARC processing (RFC 7489 §6.6.3:
 *     no valid {@code p} and no valid {@code rua})
 * @param subdomainPolicy {@code sp}, defaulting to {@code p}
 * @param nonExistentPolicy {@code np} (RFC 9989), defaulting to {@code sp}
 * @param strictDkim {@code adkim=s}
 * @param strictSpf {@code aspf=s}
 * @param percent {@code pct} (0 to 100), or 0 for {@code t=y} and 100 for {@code t=n}
 * @param psd {@code psd}: {@code 'y'}, {@code 'n'} or {@code 'u'} (RFC 9989, default u)
 */
public record DmarcRecord(Optional<Disposition> policy, Disposition subdomainPolicy, Disposition nonExistentPolicy,
    boolean strictDkim, boolean strictSpf, int percent, char psd) {

  /** The record text, its character strings joined (RFC 7489 §6.6.3); empty if it is not DMARC. */
  public static Optional<DmarcRecord> parse(String text) {
    Map<String, String> tags = new HashMap<>();
    String[] parts = text.split(";", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (eq <= 0) {
        if (i == 0) {
          return Optional.empty();
        }
        continue; // An empty tag (a trailing ";") or a stray word is ignored, as unknown tags are.
      }
      String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).trim();
      // §6.4: "v" MUST be the first tag, and its value is case-sensitive "DMARC1".
      if (i == 0 && !(name.equals("v") && value.equals("DMARC1"))) {
        return Optional.empty();
      }
      tags.putIfAbsent(name, value);
    }
    return Optional.of(fromTags(tags));
  }

  private static DmarcRecord fromTags(Map<String, String> tags) {
    Optional<Disposition> p = disposition(tags.get("p"));
    Optional<Disposition> sp = disposition(tags.get("sp"));
    boolean spInvalid = tags.containsKey("sp") && sp.isEmpty();
    if (p.isEmpty() || spInvalid) {
      // §6.6.3: an invalid or missing p (or an invalid sp) is read as p=none when rua names at
      // least one valid reporting URI; without one the record asks for no DMARC processing.
      Optional<Disposition> fallback = hasValidRua(tags.get("rua")) ? Optional.of(Disposition.NONE) : Optional.empty();
      Disposition none = Disposition.NONE;
      return new DmarcRecord(fallback, none, none, strict(tags.get("adkim")), strict(tags.get("aspf")),
          percent(tags), psd(tags.get("psd")));
    }
    Disposition subdomain = sp.orElse(p.get());
    // RFC 9989: np falls back to sp, then p; an invalid np is ignored like an unknown value.
    Disposition nonExistent = disposition(tags.get("np")).orElse(subdomain);
    return new DmarcRecord(p, subdomain, nonExistent, strict(tags.get("adkim")), strict(tags.get("aspf")),
        percent(tags), psd(tags.get("psd")));
  }

  private static Optional<Disposition> disposition(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> Optional.of(Disposition.NONE);
      case "quarantine" -> Optional.of(Disposition.QUARANTINE);
      case "reject" -> Optional.of(Disposition.REJECT);
      default -> Optional.empty();
    };
  }

  /** {@code adkim}/{@code aspf}: "s" is strict; "r", absent or anything else is the default, relaxed. */
  private static boolean strict(String value) {
    return value != null && value.equalsIgnoreCase("s");
  }

  /** RFC 9989 {@code t} replaces {@code pct}: t=y is pct=0, t=n is pct=100; t wins when both appear. */
  private static int percent(Map<String, String> tags) {
    String t = tags.get("t");
    if (t != null && (t.equalsIgnoreCase("y") || t.equalsIgnoreCase("n"))) {
      return t.equalsIgnoreCase("y") ? 0 : 100;
    }
    String pct = tags.get("pct");
    if (pct != null && pct.matches("[0-9]{1,3}")) {
      int value = Integer.parseInt(pct);
      if (value <= 100) {
        return value;
      }
    }
    return 100; // §6.3: default 100; a value outside 0-100 is not valid and is ignored.
  }

  private static char psd(String value) {
    if (value != null && value.length() == 1 && "ynu".contains(value.toLowerCase(Locale.ROOT))) {
      return value.toLowerCase(Locale.ROOT).charAt(0);
    }
    return 'u';
  }

  /** §6.4: {@code rua} is a comma-separated list of URIs, each optionally followed by {@code !size}. */
  private static boolean hasValidRua(String rua) {
    if (rua == null) {
      return false;
    }
    for (String uri : rua.split(",")) {
      String bare = uri.trim().replaceFirst("![0-9]+[kmgtKMGT]?$", "");
      try {
        if (new URI(bare).isAbsolute()) {
          return true;
        }
      } catch (URISyntaxException e) {
        // Not this one; another URI in the list may still be valid.
      }
    }
    return false;
  }
}
