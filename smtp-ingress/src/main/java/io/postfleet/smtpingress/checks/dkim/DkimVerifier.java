package io.postfleet.smtpingress.checks.dkim;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.dns.Dns;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376 §6.1), each to its own verdict, up to a
 * limit; signatures past it get {@code policy} unverified, so a message cannot make us do
 * unbounded key lookups. rsa-sha256 and ed25519-sha256 (RFC 8463) take the same path: jDKIM's key
 * lookup, body canonicalisation and header hashing, with the JDK's SHA256withRSA or
 * {@link Ed25519Sha256} at the end. jDKIM's {@code DKIMVerifier.verify} is not used: it fails
 * every signature whose {@code t=} is a second ahead of our clock, cannot do Ed25519, and reports
 * failures of several signatures as one exception. Blocking (key lookups): call it off the event loop.
 */
public final class DkimVerifier {
  /** How far ahead of our clock {@code t=} may be before it is nonsense, not clock skew (§3.5). */
  private static final Duration FUTURE_LIMIT = Duration.ofMinutes(15);
  /** RFC 8301 §3.2: RSA keys under 1024 bits MUST NOT be accepted. */
  private static final int MIN_RSA_BITS = 1024;

  private final DkimKeys keys;
  private final int maxSignatures;
  private final Clock clock;

  /** @param maxSignatures how many signatures of one message are verified, e.g. 10 */
  public DkimVerifier(Dns dns, int maxSignatures, Clock clock) {
    this.keys = new DkimKeys(new DkimKeyRetriever(dns));
    this.maxSignatures = maxSignatures;
    this.clock = clock;
  }

  /**
   * @param message the message as received: header section, empty line, body, CRLF line ends
   * @return one verdict per DKIM-Signature field, top to bottom; empty for an unsigned message
   */
  public List<DkimVerdict> verify(byte[] message, DkimLengthTag lengthTag) {
    HeaderFields headers = HeaderFields.of(message);
    byte[] body = Arrays.copyOfRange(message, headers.bodyStart(), message.length);
    List<DkimVerdict> verdicts = new ArrayList<>();
    for (String field : headers.getFields("DKIM-Signature")) {
      String value = field.substring(field.indexOf(':') + 1);
      DkimSignatureRecord signature;
      try {
        signature = new DkimSignatureRecord(value);
      } catch (RuntimeException e) {
        verdicts.add(new DkimVerdict(AuthResult.PERMERROR, "", "", "", "", "unreadable signature: " + e.getMessage()));
        continue;
      }
      verdicts.add(verdicts.size() < maxSignatures
          ? verify(headers, signature, body, lengthTag)
          : verdict(signature, AuthResult.POLICY, "more than " + maxSignatures + " signatures, not verified"));
    }
    return verdicts;
  }

  private DkimVerdict verify(HeaderFields headers, DkimSignatureRecord signature, byte[] body,
      DkimLengthTag lengthTag) {
    try {
      signature.validateTags();
    } catch (RuntimeException e) {
      return verdict(signature, AuthResult.PERMERROR, e.getMessage());
    }
    String refused = refusal(signature);
    if (!refused.isEmpty()) {
      return verdict(signature, AuthResult.PERMERROR, refused);
    }
    if (signature.getBodyHashLimit() >= 0 && lengthTag == DkimLengthTag.REFUSE) {
      return verdict(signature, AuthResult.POLICY, "l= signs only part of the body");
    }
    PublicKey key;
    try {
      key = keys.publicRecordLookup(signature).getPublicKey();
    } catch (TempFailException e) {
      return verdict(signature, AuthResult.TEMPERROR, e.getMessage());
    } catch (PermFailException | RuntimeException e) {
      return verdict(signature, AuthResult.PERMERROR, e.getMessage());
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      return verdict(signature, AuthResult.PERMERROR, "RSA key of " + rsa.getModulus().bitLength() + " bits");
    }
    try {
      if (!Arrays.equals(bodyHash(signature, body), signature.getBodyHash())) {
        return verdict(signature, AuthResult.FAIL, "body hash does not match");
      }
      Signature verifier = signature.algorithm().equals("ed25519-sha256")
          ? new Ed25519Sha256()
          : Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      SignedHeaders.feed(headers, signature, verifier);
      return verifier.verify(signature.getSignature())
          ? verdict(signature, AuthResult.PASS, "")
          : verdict(signature, AuthResult.FAIL, "signature does not verify");
    } catch (GeneralSecurityException | PermFailException | IOException | RuntimeException e) {
      return verdict(signature, AuthResult.FAIL, "cannot verify: " + e.getMessage());
    }
  }

  /** What RFC 6376 §6.1.1 and RFC 8301 let a verifier reject before any lookup; empty if nothing. */
  private String refusal(DkimSignatureRecord signature) {
    String algorithm = signature.algorithm();
    if (!algorithm.equals("rsa-sha256") && !algorithm.equals("ed25519-sha256")) {
      // rsa-sha1 MUST NOT be accepted (RFC 8301 §3.1); other values are unknown.
      return "algorithm " + algorithm + " is not accepted";
    }
    long now = clock.instant().getEpochSecond();
    Long signedAt = signature.getSignatureTimestamp();
    if (signedAt != null && signedAt > now + FUTURE_LIMIT.toSeconds()) {
      return "t= is in the future";
    }
    try {
      Long expires = signature.expiration().orElse(null);
      if (expires != null && expires <= now) {
        return "signature expired (x=)";
      }
      if (expires != null && signedAt != null && expires <= signedAt) {
        return "x= is not after t=";
      }
    } catch (NumberFormatException e) {
      return "x= is not a number";
    }
    return "";
  }

  /** The body as {@code c=} canonicalises it, cut at {@code l=} when given (§3.4, §3.5). */
  private static byte[] bodyHash(DkimSignatureRecord signature, byte[] body) throws PermFailException, IOException {
    BodyHasherImpl hasher = new BodyHasherImpl(signature);
    try (OutputStream out = hasher.getOutputStream()) {
      out.write(body);
    }
    return hasher.getDigest();
  }

  private static DkimVerdict verdict(DkimSignatureRecord signature, AuthResult result, String reason) {
    return new DkimVerdict(result, signature.domain(), signature.selector(), signature.algorithm(),
        signature.signaturePrefix(), reason == null ? "" : reason);
  }
}
