package io.postfleet.smtpingress.checks.dmarc;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.DkimVerdict;
import io.postfleet.smtpingress.checks.SpfVerdict;
import java.util.List;
import java.util.Optional;

/**
 * Identifier alignment with one From: domain (RFC 7489 §3.1): strict means the same name, relaxed
 * the same organizational domain. Only passing identifiers count (§4.2).
 */
final class Alignment {
  private final DmarcPolicyLookup lookup;
  private final String from;
  private String fromOrganization;

  Alignment(DmarcPolicyLookup lookup, String from) {
    this.lookup = lookup;
    this.from = from;
  }

  /**
   * Whether the SPF MAIL FROM pass or a DKIM pass is aligned. A lookup that fails for one
   * identifier does not hide an aligned pass of another; with none aligned it is a temperror.
   */
  boolean anyAligned(SpfVerdict mailFrom, List<DkimVerdict> dkim, DmarcRecord record) throws DmarcDnsException {
    DmarcDnsException failure = null;
    // §3.1.2: DMARC aligns SPF's MAIL FROM identity only, never HELO.
    if (mailFrom != null && mailFrom.identity().equals("mailfrom") && mailFrom.result() == AuthResult.PASS) {
      try {
        if (aligned(mailFrom.domain(), record.strictSpf())) {
          return true;
        }
      } catch (DmarcDnsException e) {
        failure = e;
      }
    }
    for (DkimVerdict signature : dkim) {
      if (signature.result() != AuthResult.PASS) {
        continue;
      }
      try {
        if (aligned(signature.domain(), record.strictDkim())) {
          return true;
        }
      } catch (DmarcDnsException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return false;
  }

  private boolean aligned(String identifier, boolean strict) throws DmarcDnsException {
    Optional<String> domain = DmarcEvaluator.aLabel(identifier);
    if (domain.isEmpty()) {
      return false;
    }
    if (domain.get().equals(from)) {
      return true;
    }
    if (strict || !sameTopLevel(domain.get())) {
      return false; // organizational domains are ancestors: without a common one they differ
    }
    if (fromOrganization == null) {
      fromOrganization = lookup.organizationalDomain(from);
    }
    return lookup.organizationalDomain(domain.get()).equals(fromOrganization);
  }

  private boolean sameTopLevel(String domain) {
    return domain.substring(domain.lastIndexOf('.') + 1).equals(from.substring(from.lastIndexOf('.') + 1));
  }
}
