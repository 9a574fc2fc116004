package io.postfleet.smtpingress.checks.dkim;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.impl.BodyHasherImpl;

/** Signers in Java: jDKIM's for RSA, and ours (the verifier's pieces run forwards) for Ed25519. */
final class JavaSigners {
  private JavaSigners() {}

  /**
   * @param tags the signature's tags with {@code bh=;} and {@code b=;} empty, e.g.
   *     {@code v=1; a=rsa-sha256; c=relaxed/relaxed; d=x.test; s=s; h=from:to; bh=; b=;}
   * @return the DKIM-Signature field, CRLF included
   */
  static String rsa(byte[] message, String tags, PrivateKey key) throws Exception {
    String field = new DKIMSigner(tags, key).sign(new ByteArrayInputStream(message));
    return field + "\r\n";
  }

  static String ed25519(byte[] message, String tags, PrivateKey key) throws Exception {
    HeaderFields headers = HeaderFields.of(message);
    BodyHasherImpl hasher = new BodyHasherImpl(new DkimSignatureRecord(tags));
    try (OutputStream out = hasher.getOutputStream()) {
      out.write(message, headers.bodyStart(), message.length - headers.bodyStart());
    }
    String unsigned = " " + tags.replace("bh=;", "bh=" + Base64.getEncoder().encodeToString(hasher.getDigest()) + ";");
    Ed25519Sha256 signer = new Ed25519Sha256();
    signer.initSign(key);
    SignedHeaders.feed(headers, new DkimSignatureRecord(unsigned), signer);
    String b = Base64.getEncoder().encodeToString(signer.sign());
    return "DKIM-Signature:" + unsigned.replace("b=;", "b=" + b + ";") + "\r\n";
  }

  static byte[] prepend(String field, byte[] message) {
    byte[] header = field.getBytes(StandardCharsets.US_ASCII);
    byte[] signed = new byte[header.length + message.length];
    System.arraycopy(header, 0, signed, 0, header.length);
    System.arraycopy(message, 0, signed, header.length, message.length);
    return signed;
  }
}
