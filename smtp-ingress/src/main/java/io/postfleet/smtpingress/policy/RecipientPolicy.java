package io.postfleet.smtpingress.policy;

import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.postfleet.smtp.SmtpReply;
import io.postfleet.smtpingress.quota.MailboxFullCheck;
import java.net.InetAddress;
import org.jboss.logging.Logger;

/**
 * Decides a recipient at RCPT time, as Postfix's {@code smtpd_relay_restrictions} and
 * {@code smtpd_recipient_restrictions} do by default: our domains accept only known users
 * ({@code reject_unlisted_recipient}); other domains are relayed only for trusted networks and
 * authenticated clients ({@code permit_mynetworks, permit_sasl_authenticated,
 * reject_unauth_destination}), so Postfleet is never an open relay. The recipient is the address
 * as the parser normalised it, whose domain is the one the message will go to: percent hacks,
 * bang paths and quoted {@code @} stay in the local part and never choose the destination. When
 * the maps cannot answer, the recipient is deferred, never rejected. A known recipient whose
 * mailboxes are all full is deferred with 452 4.2.2, for every client.
 */
public final class RecipientPolicy {
  private static final Logger LOG = Logger.getLogger(RecipientPolicy.class);

  private final RecipientMaps maps;
  private final TrustedNetworks trustedNetworks;
  private final MailboxFullCheck quota;

  public RecipientPolicy(RecipientMaps maps, TrustedNetworks trustedNetworks, MailboxFullCheck quota) {
    this.maps = maps;
    this.trustedNetworks = trustedNetworks;
    this.quota = quota;
  }

  /** Without quota data: no recipient is refused as over quota. */
  public RecipientPolicy(RecipientMaps maps, TrustedNetworks trustedNetworks) {
    this(maps, trustedNetworks, MailboxFullCheck.NONE);
  }

  public PolicyResult check(InetAddress client, boolean authenticated, String recipient) {
    return switch (status(recipient)) {
      case LOCAL -> quota.check(recipient);
      case UNKNOWN_LOCAL_USER -> PolicyResult.reject(SmtpReply.userUnknown(recipient), "unknown_user");
      case REMOTE -> authenticated || trustedNetworks.contains(client)
          ? PolicyResult.accept()
          : PolicyResult.reject(SmtpReply.relayDenied(recipient), "relay_denied");
      case UNAVAILABLE -> PolicyResult.defer(SmtpReply.lookupFailure(recipient), "lookup_failure");
    };
  }

  /** Whether the client is in mynetworks: it may relay, and is exempt from per-client limits. */
  public boolean trusted(InetAddress client) {
    return trustedNetworks.contains(client);
  }

  /** A failing lookup is "could not look up", not "not found" (Postfix global/maps.c). */
  private RecipientStatus status(String recipient) {
    try {
      return maps.status(recipient);
    } catch (RuntimeException e) {
      LOG.warnf(e, "warning: recipient lookup failed for <%s>", recipient);
      return RecipientStatus.UNAVAILABLE;
    }
  }
}
