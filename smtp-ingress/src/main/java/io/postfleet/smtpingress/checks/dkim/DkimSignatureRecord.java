package io.postfleet.smtpingress.checks.dkim;

import java.util.Locale;
import java.util.Optional;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;

/**
 * One DKIM-Signature's tags (RFC 6376 §3.5), parsed by jDKIM, with what the verdict and the
 * checks jDKIM leaves out need: the {@code a=} and {@code x=} tags as written.
 */
final class DkimSignatureRecord extends SignatureRecordImpl {
  /** RFC 6008 §2: enough of {@code b=} to tell signatures apart. */
  private static final int PREFIX = 12;

  /** @param value the field's value, everything after its colon; IllegalStateException if unreadable */
  DkimSignatureRecord(String value) {
    super(value);
  }

  /**
   * jDKIM validates in its constructor; a verdict still needs d=, s= and a= of a signature that is
   * not valid, so here validation waits for {@link #validateTags}.
   */
  @Override
  public void validate() {
    // Deferred: see above.
  }

  /**
   * jDKIM's checks of RFC 6376 §6.1.1: v=1, the required tags, i= within d=, From among h=, x= not
   * passed. IllegalStateException with the reason when one fails.
   */
  void validateTags() {
    super.validate();
  }

  /** The {@code a=} tag in lower case, e.g. {@code rsa-sha256}; empty when missing. */
  String algorithm() {
    CharSequence a = getValue("a");
    return a == null ? "" : a.toString().trim().toLowerCase(Locale.ROOT);
  }

  /** {@code x=}, the expiry in seconds since the epoch, when given. */
  Optional<Long> expiration() {
    CharSequence x = getValue("x");
    return x == null ? Optional.empty() : Optional.of(Long.parseLong(x.toString().trim()));
  }

  String domain() {
    return text(getValue("d")).toLowerCase(Locale.ROOT);
  }

  String selector() {
    return text(getValue("s"));
  }

  /** The first characters of {@code b=} without its folding whitespace. */
  String signaturePrefix() {
    String b = text(getValue("b")).replaceAll("[ \t\r\n]", "");
    return b.substring(0, Math.min(PREFIX, b.length()));
  }

  private static String text(CharSequence value) {
    return value == null ? "" : value.toString().trim();
  }
}
