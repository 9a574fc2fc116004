package io.postfleet.outboundrelay.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Signs a message with DKIM (RFC 6376), relaxed/relaxed, by rsa-sha256 or ed25519-sha256 (RFC 8463),
 * and returns the exact bytes to send: the DKIM-Signature field followed by the message untouched.
 */
public final class DkimSigner {
  /** The fields worth protecting (RFC 6376 §5.4.1), From always first. */
  private static final List<String> SIGNED = List.of("from", "reply-to", "subject", "date", "to", "cc",
      "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding");
  private static final int FOLD_AT = 72;

  private final Clock clock;

  public DkimSigner(Clock clock) {
    this.clock = clock;
  }

  /** Empty when the message has no From: field, which a signature must cover (RFC 6376 §5.4). */
  public Optional<byte[]> sign(byte[] content, DkimKey key) {
    HeaderSection headers = HeaderSection.of(content);
    if (headers.all("from").isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    StringBuilder signed = new StringBuilder();
    for (String name : SIGNED) {
      List<String> fields = headers.all(name);
      // Instances are signed from the bottom up (RFC 6376 §5.4.2).
      for (int i = fields.size() - 1; i >= 0; i--) {
        names.add(name);
        signed.append(RelaxedCanonicalization.header(fields.get(i))).append("\r\n");
      }
      if (name.equals("from")) {
        // Naming From once more than it occurs signs its absence: a From added later breaks the
        // signature (RFC 6376 §8.15).
        names.add(name);
      }
    }
    String field = "DKIM-Signature: v=1; a=" + key.algorithm() + "; c=relaxed/relaxed; d=" + key.domain()
        + "; s=" + key.selector() + ";\r\n\tt=" + clock.instant().getEpochSecond()
        + "; h=" + String.join(":", names) + ";\r\n\tbh=" + bodyHash(content, headers.bodyStart()) + ";\r\n\tb=";
    // The field itself is signed last, with b= empty and without its line end (RFC 6376 §3.7).
    signed.append(RelaxedCanonicalization.header(field));
    String signature = fold(Base64.getEncoder().encodeToString(
        signature(key, signed.toString().getBytes(StandardCharsets.UTF_8))));
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + field.length() + 512);
    out.writeBytes((field + signature + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    return Optional.of(out.toByteArray());
  }

  private static String bodyHash(byte[] content, int bodyStart) {
    return Base64.getEncoder().encodeToString(sha256(RelaxedCanonicalization.body(content, bodyStart)));
  }

  /** rsa-sha256 signs the data with SHA-256; ed25519-sha256 signs its SHA-256 hash (RFC 8463 §3). */
  private static byte[] signature(DkimKey key, byte[] data) {
    try {
      boolean rsa = key.algorithm().equals("rsa-sha256");
      Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "Ed25519");
      signer.initSign(key.key());
      signer.update(rsa ? data : sha256(data));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + key, e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Folds the b= value into lines a mail reader shows; verifiers ignore the whitespace. */
  private static String fold(String base64) {
    StringBuilder folded = new StringBuilder(base64.length() + base64.length() / FOLD_AT * 3);
    for (int i = 0; i < base64.length(); i += FOLD_AT) {
      if (i > 0) {
        folded.append("\r\n\t");
      }
      folded.append(base64, i, Math.min(base64.length(), i + FOLD_AT));
    }
    return folded.toString();
  }
}
