package io.postfleet.smtpingress.checks;

import io.postfleet.maps.policy.DkimLengthTag;
import io.postfleet.maps.policy.DnsblPolicy;
import io.postfleet.maps.policy.GreylistPolicy;
import io.postfleet.smtpingress.checks.connect.DnsblCheck;
import io.postfleet.smtpingress.checks.connect.DnsblScore;
import io.postfleet.smtpingress.checks.connect.DnsblZoneHealth;
import io.postfleet.smtpingress.checks.connect.IprevCheck;
import io.postfleet.smtpingress.checks.dkim.DkimVerifier;
import io.postfleet.smtpingress.checks.dmarc.DmarcEvaluator;
import io.postfleet.smtpingress.checks.dmarc.DmarcPolicyLookup;
import io.postfleet.smtpingress.checks.greylist.Greylist;
import io.postfleet.smtpingress.checks.greylist.GreylistResult;
import io.postfleet.smtpingress.checks.spf.ReceivedSpfHeader;
import io.postfleet.smtpingress.checks.spf.SpfCheck;
import io.postfleet.smtpingress.dns.Dns;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The checks of a running smtp-ingress: FCrDNS and DNSBLs, SPF (jSPF), DKIM (jDKIM, and Ed25519 on
 * the JDK), DMARC, all through one {@link Dns}; greylisting on the maps' PostgreSQL.
 */
public final class DefaultSenderCheckers implements SenderCheckers {
  /** RFC 6376 §6.1 leaves the count to us; more signatures than this are a denial of service. */
  private static final int MAX_SIGNATURES = 10;

  private final String hostname;
  private final IprevCheck iprev;
  private final DnsblCheck dnsbl;
  private final SpfCheck spf;
  private final ReceivedSpfHeader receivedSpf;
  private final DkimVerifier dkim;
  private final DmarcEvaluator dmarc;
  private final DataSource greylistDatabase;
  private final Clock clock;
  private final Duration greylistTimeout;
  /** Greylist is built for one policy; a policy change through the API builds the next one. */
  private final AtomicReference<PolicyGreylist> greylist = new AtomicReference<>();

  private record PolicyGreylist(GreylistPolicy policy, Greylist greylist) {}

  /**
   * @param hostname our name: the authserv-id of Authentication-Results and receiver of Received-SPF
   * @param greylistDatabase the database holding the greylisting state (migration V11)
   */
  public DefaultSenderCheckers(String hostname, Dns dns, DataSource greylistDatabase, Clock clock,
      Duration greylistTimeout) {
    this.hostname = hostname;
    this.iprev = new IprevCheck(dns);
    this.dnsbl = new DnsblCheck(dns, new DnsblZoneHealth(dns, clock));
    this.spf = new SpfCheck(dns, hostname);
    this.receivedSpf = new ReceivedSpfHeader(hostname);
    this.dkim = new DkimVerifier(dns, MAX_SIGNATURES, clock);
    this.dmarc = new DmarcEvaluator(new DmarcPolicyLookup(dns), new Random());
    this.greylistDatabase = greylistDatabase;
    this.clock = clock;
    this.greylistTimeout = greylistTimeout;
  }

  @Override
  public CompletableFuture<IprevVerdict> iprev(InetAddress client) {
    return iprev.check(client);
  }

  @Override
  public CompletableFuture<DnsblScore> dnsbl(InetAddress client, DnsblPolicy policy) {
    return dnsbl.check(client, policy);
  }

  @Override
  public SpfVerdict spfHelo(InetAddress client, String helo) {
    return spf.checkHelo(client, helo);
  }

  @Override
  public SpfVerdict spfMailFrom(InetAddress client, String helo, String mailFrom) {
    return spf.checkMailFrom(client, helo, mailFrom);
  }

  @Override
  public List<DkimVerdict> dkim(byte[] message, DkimLengthTag lengthTag) {
    return dkim.verify(message, lengthTag);
  }

  @Override
  public DmarcVerdict dmarc(byte[] message, SpfVerdict mailFrom, List<DkimVerdict> dkimVerdicts) {
    return dmarc.evaluate(message, mailFrom, dkimVerdicts);
  }

  @Override
  public GreylistResult greylist(InetAddress client, String sender, String recipient, Optional<String> spfPassDomain,
      GreylistPolicy policy) {
    return greylistFor(policy).check(client, sender, recipient, spfPassDomain);
  }

  @Override
  public String receivedSpf(SpfVerdict verdict, InetAddress client, String helo) {
    return receivedSpf.render(verdict, client, helo);
  }

  @Override
  public String authenticationResults(IprevVerdict iprevVerdict, List<SpfVerdict> spfVerdicts,
      List<DkimVerdict> dkimVerdicts, DmarcVerdict dmarcVerdict, InetAddress client) {
    return AuthenticationResultsHeader.render(hostname, iprevVerdict, spfVerdicts, dkimVerdicts, dmarcVerdict,
        client.getHostAddress());
  }

  @Override
  public byte[] withoutOurAuthenticationResults(byte[] message) {
    return AuthenticationResultsHeader.removeOurs(message, hostname);
  }

  /** Purges greylisting triplets unseen for the policy's maximum age; see {@link Greylist#purgeExpired()}. */
  public long purgeGreylist(GreylistPolicy policy) throws SQLException {
    return greylistFor(policy).purgeExpired();
  }

  private Greylist greylistFor(GreylistPolicy policy) {
    PolicyGreylist current = greylist.get();
    if (current == null || !current.policy().equals(policy)) {
      current = new PolicyGreylist(policy, new Greylist(greylistDatabase, policy, clock, greylistTimeout));
      greylist.set(current);
    }
    return current.greylist();
  }
}
