package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtpingress.dns.Dns;
import io.postfleet.smtpingress.dns.DnsAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What DNS says about a domain for DMARC: its policy record by the tree walk (RFC 9989 §4.10), its
 * organizational domain (RFC 9989 §4.10.2, with RFC 7489 §3.2's public suffix list when the walk
 * finds no record), and whether it exists at all (RFC 9989's non-existent domain, for {@code np}).
 * Domains are A-labels in lower case. Any lookup that fails throws, so the caller answers
 * temperror. Blocking: it runs on the session's thread, each question at most {@link Dns}'s wait.
 */
public final class DmarcPolicyLookup {
  private final Dns dns;

  public DmarcPolicyLookup(Dns dns) {
    this.dns = dns;
  }

  /** The first single DMARC record on the walk from the domain up to its public suffix. */
  public Optional<PolicyRecord> policyFor(String domain) throws DmarcDnsException {
    for (String name : TreeWalk.names(domain)) {
      Optional<DmarcRecord> record = recordAt(name);
      if (record.isPresent()) {
        return Optional.of(new PolicyRecord(name, record.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * RFC 9989 §4.10.2: walking up, the first record with {@code psd=n} names the organizational
   * domain; a record with {@code psd=y} above the start makes it the name one label below; else the
   * record found with the fewest labels. With no record on the walk, the public suffix list decides.
   */
  public String organizationalDomain(String domain) throws DmarcDnsException {
    String fewestLabels = null;
    for (String name : TreeWalk.names(domain)) {
      Optional<DmarcRecord> record = recordAt(name);
      if (record.isEmpty()) {
        continue;
      }
      char psd = record.get().psd();
      if (psd == 'n') {
        return name;
      }
      if (psd == 'y' && !name.equals(domain)) {
        return TreeWalk.childOf(name, domain);
      }
      fewestLabels = name;
    }
    return fewestLabels != null ? fewestLabels : TreeWalk.publicSuffixOrganizationalDomain(domain);
  }

  /**
   * RFC 9989 (after RFC 9091 §2.7): a domain does not exist when A, AAAA and MX each get NXDOMAIN
   * or NODATA, which is broader than NXDOMAIN alone (an empty non-terminal has no mail either).
   */
  public boolean exists(String domain) throws DmarcDnsException {
    for (int type : new int[] {Type.A, Type.AAAA, Type.MX}) {
      DnsAnswer answer = dns.lookup(domain, type);
      if (answer instanceof DnsAnswer.Failed failed) {
        throw new DmarcDnsException(domain + " " + Type.string(type), failed.reason());
      }
      if (answer instanceof DnsAnswer.Found) {
        return true;
      }
    }
    return false;
  }

  /** The one DMARC record at {@code _dmarc.<name>}; several are as none (RFC 7489 §6.6.3 step 2). */
  private Optional<DmarcRecord> recordAt(String name) throws DmarcDnsException {
    String query = "_dmarc." + name;
    DnsAnswer answer = dns.lookup(query, Type.TXT);
    if (answer instanceof DnsAnswer.Failed failed) {
      throw new DmarcDnsException(query, failed.reason());
    }
    List<DmarcRecord> found = new ArrayList<>();
    for (Record record : answer.records()) {
      if (record instanceof TXTRecord txt) {
        // A record of several character strings is read as their concatenation (§6.6.3 step 1).
        DmarcRecord.parse(String.join("", txt.getStrings())).ifPresent(found::add);
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
