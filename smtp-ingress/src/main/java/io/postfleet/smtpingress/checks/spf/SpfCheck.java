package io.postfleet.smtpingress.checks.spf;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.SpfVerdict;
import io.postfleet.smtpingress.dns.Dns;
import java.net.InetAddress;
import java.util.Locale;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.SPF;

/**
 * SPF (RFC 7208) for the HELO and MAIL FROM identities, evaluated by jSPF over smtp-ingress's
 * {@link Dns}. jSPF keeps RFC 7208 §4.6.4's limits (10 DNS-querying terms, 10 names per MX or PTR
 * lookup), so with each lookup bounded by {@code Dns}'s timeout the whole check is bounded too.
 * Blocking: call it off the event loop.
 */
public final class SpfCheck {
  private static final String HELO = "helo";
  private static final String MAILFROM = "mailfrom";
  /** RFC 7208 §4.6.4: more than two lookups that find nothing are a permerror. */
  private static final int VOID_LOOKUP_LIMIT = 2;

  private final SpfDns spfDns;
  private final SPF spf;

  /** @param hostname this server's name, for the {@code %{r}} macro (RFC 7208 §7.3) */
  public SpfCheck(Dns dns, String hostname) {
    this.spfDns = new SpfDns(dns, hostname);
    this.spf = new SPF(spfDns, new SynchronousSPFExecutor(spfDns));
    // Only what the domain publishes counts: no local best-guess or trusted-forwarder records.
    spf.setUseBestGuess(false);
    spf.setUseTrustedForwarder(false);
  }

  /**
   * The HELO identity (RFC 7208 §2.3), checked as {@code postmaster@<helo>}. An address literal
   * (or an empty HELO) names no domain, so there is nothing to check: {@code none}.
   */
  public SpfVerdict checkHelo(InetAddress client, String helo) {
    String name = helo.trim();
    if (name.isEmpty() || isAddressLiteral(name)) {
      return new SpfVerdict(AuthResult.NONE, HELO, name, "", "HELO is not a domain name");
    }
    return check(client, HELO, "postmaster@" + name, name, name);
  }

  /**
   * The MAIL FROM identity (RFC 7208 §2.4); the null sender is checked as {@code postmaster@<helo>}.
   *
   * @param mailFrom the reverse-path without angle brackets, empty for {@code <>}
   */
  public SpfVerdict checkMailFrom(InetAddress client, String helo, String mailFrom) {
    String sender = mailFrom.isEmpty() ? "postmaster@" + helo.trim() : mailFrom;
    int at = sender.lastIndexOf('@');
    // §4.3: a sender without a local-part is postmaster at that domain.
    String domain = at < 0 ? sender : sender.substring(at + 1);
    if (at < 0) {
      sender = "postmaster@" + sender;
    }
    if (isAddressLiteral(domain)) {
      return new SpfVerdict(AuthResult.NONE, MAILFROM, sender, domain, "no domain to check");
    }
    return check(client, MAILFROM, sender, domain, helo.trim());
  }

  private SpfVerdict check(InetAddress client, String identity, String sender, String domain, String helo) {
    spfDns.startCheck();
    SPFResult result = spf.checkSPF(client.getHostAddress(), sender, helo);
    if (spfDns.voidLookups() > VOID_LOOKUP_LIMIT) {
      // Evaluation would have stopped at the third void lookup, before any later result.
      return new SpfVerdict(AuthResult.PERMERROR, identity, sender, domain.toLowerCase(Locale.ROOT),
          "more than " + VOID_LOOKUP_LIMIT + " void DNS lookups");
    }
    String explanation = result.getExplanation() == null ? "" : result.getExplanation();
    return new SpfVerdict(result(result.getResult()), identity, sender, domain.toLowerCase(Locale.ROOT), explanation);
  }

  /** jSPF's result keywords are RFC 7208 §2.6's, which are RFC 8601's for spf. */
  private static AuthResult result(String keyword) {
    return switch (keyword == null ? "" : keyword.toLowerCase(Locale.ROOT)) {
      case "pass" -> AuthResult.PASS;
      case "fail" -> AuthResult.FAIL;
      case "softfail" -> AuthResult.SOFTFAIL;
      case "neutral" -> AuthResult.NEUTRAL;
      case "none" -> AuthResult.NONE;
      case "temperror" -> AuthResult.TEMPERROR;
      default -> AuthResult.PERMERROR;
    };
  }

  /** {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3), or a bare address. */
  private static boolean isAddressLiteral(String name) {
    return name.startsWith("[") || name.indexOf(':') >= 0
        || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }
}
