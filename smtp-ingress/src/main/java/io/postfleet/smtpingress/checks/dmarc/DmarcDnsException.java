package io.postfleet.smtpingress.checks.dmarc;

/**
 * A DNS question DMARC needed got no answer (SERVFAIL, a timeout): the result is {@code temperror}
 * (RFC 7489 §6.6.3), never "no record".
 */
public final class DmarcDnsException extends Exception {
  private static final long serialVersionUID = 1L;

  public DmarcDnsException(String name, String reason) {
    super(name + ": " + reason);
  }
}
