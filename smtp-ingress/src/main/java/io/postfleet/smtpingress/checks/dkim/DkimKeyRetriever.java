package io.postfleet.smtpingress.checks.dkim;

import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Fetches DKIM key records through smtp-ingress's {@link Dns}: TXT at
 * {@code <selector>._domainkey.<domain>} (RFC 6376 §3.6.2.1), the strings of one record joined
 * (§3.6.2.2). A lookup that failed is a TempFail (temperror); no record is an empty list, which
 * jDKIM reports as a PermFail (permerror, "no key for signature").
 */
final class DkimKeyRetriever implements PublicKeyRecordRetriever {
  private final Dns dns;

  DkimKeyRetriever(Dns dns) {
    this.dns = dns;
  }

  @Override
  public List<String> getRecords(CharSequence method, CharSequence selector, CharSequence domain)
      throws TempFailException, PermFailException {
    // q= has one defined method (RFC 6376 §3.5); jDKIM passes it on as it reads it.
    if (!"dns/txt".equalsIgnoreCase(method.toString())) {
      throw new PermFailException("unsupported key query method " + method);
    }
    String name = selector + "._domainkey." + domain;
    DnsAnswer answer = dns.lookup(name, Type.TXT);
    if (answer instanceof DnsAnswer.Failed failed) {
      throw new TempFailException("key lookup of " + name + " failed: " + failed.reason());
    }
    List<String> records = new ArrayList<>();
    for (Record record : answer.records()) {
      if (record instanceof TXTRecord txt) {
        records.add(String.join("", txt.getStrings()));
      }
    }
    return records;
  }
}
