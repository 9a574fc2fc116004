package io.postfleet.outboundrelay.dkim;

import io.postfleet.contract.RelayDeliveryJob;
import io.postfleet.outboundrelay.delivery.MessageSigning;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Signs the messages whose author domain (the From: field, which DMARC aligns with) has a key, and
 * sends the others as received.
 */
public final class DkimSigning implements MessageSigning {
  private static final Logger LOG = Logger.getLogger(DkimSigning.class);

  private final Map<String, DkimKey> keys = new HashMap<>();
  private final DkimSigner signer;

  public DkimSigning(List<DkimKey> keys, DkimSigner signer) {
    keys.forEach(k -> this.keys.put(k.domain().toLowerCase(Locale.ROOT), k));
    this.signer = signer;
  }

  @Override
  public byte[] sign(RelayDeliveryJob job) {
    Optional<DkimKey> key = HeaderSection.of(job.content()).fromDomain().map(keys::get);
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
