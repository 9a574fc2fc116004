package io.postfleet.smtpingress.checks.dkim;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecord;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;

/**
 * jDKIM's key lookup ({@link DKIMVerifier#publicRecordLookup}: fetch, pick the first valid record,
 * check it applies to the signature's key type, hash and identity, RFC 6376 §6.1.2) with records
 * that also know Ed25519 keys. Only the lookup is used: see {@link DkimVerifier} for why.
 */
final class DkimKeys extends DKIMVerifier {
  DkimKeys(PublicKeyRecordRetriever retriever) {
    super(retriever);
  }

  @Override
  protected PublicKeyRecord newPublicKeyRecord(String record) {
    return new DkimKeyRecord(record);
  }
}
