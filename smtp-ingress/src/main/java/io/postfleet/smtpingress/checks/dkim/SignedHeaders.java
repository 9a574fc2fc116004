package io.postfleet.smtpingress.checks.dkim;

import java.security.Signature;
import java.security.SignatureException;
import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * jDKIM's header hashing (RFC 6376 §3.7 and §5.4.2): the fields {@code h=} names, bottom-up, in the
 * signature's header canonicalisation, then the DKIM-Signature field itself with {@code b=} empty.
 * jDKIM keeps it protected in {@link DKIMCommon}; this subclass only opens it to this package.
 */
final class SignedHeaders extends DKIMCommon {
  private SignedHeaders() {}

  /** Feeds the data to sign or verify into an initialised {@code signature}. */
  static void feed(Headers headers, SignatureRecord record, Signature signature)
      throws SignatureException, PermFailException {
    signatureCheck(headers, record, record.getHeaders(), signature);
  }
}
