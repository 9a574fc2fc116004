package io.postfleet.smtp.name;

import com.ibm.icu.text.IDNA;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one conversion between the Unicode and ASCII forms of a domain name that every service uses:
 * UTS #46 processing, non-transitional (UTS #46 §4, as IDNA2008, RFC 5891, intends), with ICU4J.
 * Non-transitional keeps {@code ß} and the joiners: {@code faß.de} is {@code xn--fa-hia.de}, not
 * {@code fass.de}, which is another registrable domain. The mapping step folds case, so both
 * {@code Bücher.example} and {@code BÜCHER.example} give {@code xn--bcher-kva.example}.
 *
 * <p>A name that is not valid (a disallowed code point, a bad Punycode label, an empty label, a
 * label over 63 octets or a name over 253, a bidi or joiner rule broken, RFC 5893 and RFC 5892
 * Appendix A.1-A.2) gives an empty answer, never an exception. The hyphen rules are not applied
 * (CheckHyphens=false, as the WHATWG URL standard does): real host names such as
 * {@code r3---sn-abc.example} have hyphens in the third and fourth place, and whether a label may
 * start or end with one is the caller's host-name policy (RFC 1123 §2.1). Of ASCII, only letters,
 * digits, hyphens and underscores pass: UseSTD3ASCIIRules with the underscore allowed, which
 * real host names carry despite RFC 1123 and which DNS names such as {@code _dmarc} need.
 */
public final class Idna {
  private static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
      | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ);
  private static final Set<IDNA.Error> HYPHEN_RULES = EnumSet.of(IDNA.Error.LEADING_HYPHEN, IDNA.Error.TRAILING_HYPHEN,
      IDNA.Error.HYPHEN_3_4);

  private Idna() {}

  /** The A-label form (RFC 5890 §2.3.2.1), lower case; empty when {@code domain} is no valid name. */
  public static Optional<String> toAscii(String domain) {
    IDNA.Info info = new IDNA.Info();
    StringBuilder ascii = UTS46.nameToASCII(domain, new StringBuilder(domain.length() + 8), info);
    return valid(info, ascii) ? Optional.of(ascii.toString()) : Optional.empty();
  }

  /** The U-label form (RFC 5890 §2.3.2.1), mapped and in NFC; empty when {@code domain} is no valid name. */
  public static Optional<String> toUnicode(String domain) {
    IDNA.Info info = new IDNA.Info();
    StringBuilder unicode = UTS46.nameToUnicode(domain, new StringBuilder(domain.length()), info);
    return valid(info, unicode) ? Optional.of(unicode.toString()) : Optional.empty();
  }

  private static boolean valid(IDNA.Info info, CharSequence name) {
    if (info.hasErrors()) {
      Set<IDNA.Error> errors = EnumSet.copyOf(info.getErrors());
      errors.removeAll(HYPHEN_RULES);
      if (!errors.isEmpty()) {
        return false;
      }
    }
    return name.chars().allMatch(c -> c > 0x7f || c == '.' || c == '-' || c == '_'
        || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  }
}
