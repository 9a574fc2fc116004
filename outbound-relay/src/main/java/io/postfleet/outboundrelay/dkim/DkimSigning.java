package io.postfleet.outboundrelay.dkim;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.outboundrelay.delivery.MessageSigning;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Signs the messages whose author domain (the From: field, which DMARC aligns with) has a key, and
 * sends the others as received. The keys are whatever the table holds at the moment of signing.
 */
public final class DkimSigning implements MessageSigning {
  private static final Logger LOG = Logger.getLogger(DkimSigning.class);

  private final Supplier<DkimKeyTable> keys;
  private final DkimSigner signer;

  /** @param keys the current table; null until the keys were first loaded */
  public DkimSigning(Supplier<DkimKeyTable> keys, DkimSigner signer) {
    this.keys = keys;
    this.signer = signer;
  }

  /**
   * @throws IllegalStateException when it cannot be known whether the message must be signed (the
   *     keys were never loaded) or its key is broken: the delivery defers, like a failed map lookup
   */
  @Override
  public byte[] sign(RelayDeliveryJob job) {
    Optional<String> domain = HeaderSection.of(job.content()).fromDomain();
    if (domain.isEmpty()) {
      return job.content();
    }
    DkimKeyTable table = keys.get();
    if (table == null) {
      throw new IllegalStateException("DKIM keys not loaded yet: PostgreSQL has not answered since start");
    }
    Optional<DkimKey> key = table.lookup(domain.get());
    if (key.isEmpty()) {
      return job.content();
    }
    Optional<byte[]> signed = signer.sign(job.content(), key.get());
    if (signed.isPresent()) {
      LOG.debugf("%s: DKIM-Signature field added (d=%s, s=%s)", job.queueId(), key.get().domain(),
          key.get().selector());
    }
    return signed.orElse(job.content());
  }
}
