package io.postfleet.smtpingress.checks.dmarc;

import java.util.Objects;

/**
 * The DMARC record that applies to a From: domain and where it was found.
 *
 * @param domain the name whose {@code _dmarc} child holds the record: the From: domain itself or
 *     an ancestor reached by the tree walk
 * @param record the record
 */
public record PolicyRecord(String domain, DmarcRecord record) {
  public PolicyRecord {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(record, "record");
  }
}
