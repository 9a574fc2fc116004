package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.GreylistPolicy;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.checks.greylist.GreylistResult;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The sender checks themselves, one method each, as the stages of a session call them. None
 * throws for a lookup that fails: that is a {@code temperror} verdict (or, for greylisting, a
 * pass that says the database could not be asked), so the stages can answer with 4xx by
 * construction.
 */
public interface SenderCheckers {

  /** FCrDNS of the client, started at connect. */
  CompletableFuture<IprevVerdict> iprev(InetAddress client);

  /** The client's DNSBL/DNSWL score, started at connect. */
  CompletableFuture<DnsblScore> dnsbl(InetAddress client, DnsblPolicy policy);

  SpfVerdict spfHelo(InetAddress client, String helo);

  SpfVerdict spfMailFrom(InetAddress client, String helo, String mailFrom);

  /** Every DKIM signature of the message as received. */
  List<DkimVerdict> dkim(byte[] message, DkimLengthTag lengthTag);

  /** DMARC of the message on the SPF result for MAIL FROM and the DKIM results. */
  DmarcVerdict dmarc(byte[] message, SpfVerdict mailFrom, List<DkimVerdict> dkim);

  /** The greylisting triplet's state; the SPF-authenticated domain stands for the network. */
  GreylistResult greylist(InetAddress client, String sender, String recipient, Optional<String> spfPassDomain,
      GreylistPolicy policy);

  /** The Received-SPF header field for a verdict, CRLF-terminated. */
  String receivedSpf(SpfVerdict verdict, InetAddress client, String helo);

  /** The Authentication-Results header field, CRLF-terminated. */
  String authenticationResults(IprevVerdict iprev, List<SpfVerdict> spf, List<DkimVerdict> dkim,
      DmarcVerdict dmarc, InetAddress client);

  /** The message without the Authentication-Results fields that claim to be ours (RFC 8601 §5). */
  byte[] withoutOurAuthenticationResults(byte[] message);
}
