package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.GreylistPolicy;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.checks.greylist.GreylistResult;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Checkers that answer what the test set, for the stage rules alone; the real ones have their own tests. */
final class FakeCheckers implements SenderCheckers {
  IprevVerdict iprev = new IprevVerdict(AuthResult.PASS, "client.example");
  DnsblScore dnsbl = new DnsblScore(0, List.of(), List.of(), List.of(), List.of());
  AuthResult spf = AuthResult.PASS;
  List<DkimVerdict> dkim = List.of();
  DmarcVerdict dmarc = new DmarcVerdict(AuthResult.NONE, "example.org", "", DmarcVerdict.Disposition.NONE);
  GreylistResult greylist = GreylistResult.pass();
  int iprevCalls;
  int greylistCalls;

  @Override
  public CompletableFuture<IprevVerdict> iprev(InetAddress client) {
    iprevCalls++;
    return CompletableFuture.completedFuture(iprev);
  }

  @Override
  public CompletableFuture<DnsblScore> dnsbl(InetAddress client, DnsblPolicy policy) {
    return CompletableFuture.completedFuture(dnsbl);
  }

  @Override
  public SpfVerdict spfHelo(InetAddress client, String helo) {
    return new SpfVerdict(spf, "helo", helo, helo, "");
  }

  @Override
  public SpfVerdict spfMailFrom(InetAddress client, String helo, String mailFrom) {
    return new SpfVerdict(spf, "mailfrom", mailFrom, mailFrom.substring(mailFrom.indexOf('@') + 1), "");
  }

  @Override
  public List<DkimVerdict> dkim(byte[] message, DkimLengthTag lengthTag) {
    return dkim;
  }

  @Override
  public DmarcVerdict dmarc(byte[] message, SpfVerdict mailFrom, List<DkimVerdict> dkim) {
    return dmarc;
  }

  @Override
  public GreylistResult greylist(InetAddress client, String sender, String recipient, Optional<String> spfPassDomain,
      GreylistPolicy policy) {
    greylistCalls++;
    return greylist;
  }

  @Override
  public String receivedSpf(SpfVerdict verdict, InetAddress client, String helo) {
    return "Received-SPF: " + verdict.result().keyword() + "\r\n";
  }

  @Override
  public String authenticationResults(IprevVerdict iprev, List<SpfVerdict> spf, List<DkimVerdict> dkim,
      DmarcVerdict dmarc, InetAddress client) {
    return "Authentication-Results: mx.test; dmarc=" + (dmarc == null ? "off" : dmarc.result().keyword()) + "\r\n";
  }

  @Override
  public byte[] withoutOurAuthenticationResults(byte[] message) {
    return new String(message, StandardCharsets.ISO_8859_1).replace("Authentication-Results: mx.test; forged\r\n", "")
        .getBytes(StandardCharsets.ISO_8859_1);
  }
}
