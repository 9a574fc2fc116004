package io.postfleet.smtpingress.policy;

import io.postfleet.maps.RecipientMaps;
import io.postfleet.maps.RecipientStatus;
import io.postfleet.smtp.SmtpReply;
import java.net.InetAddress;
import org.jboss.logging.Logger;

/**
 * Decides a recipient at RCPT time, as Postfix's {@code smtpd_relay_restrictions} and
 * {@code smtpd_recipient_restrictions} do by default: our domains accept only known users
 * ({@code reject_unlisted_recipient}); other domains are relayed only for trusted networks
 * ({@code permit_mynetworks, reject_unauth_destination}), so Postfleet is never an open relay.
 * When the maps cannot answer, the recipient is deferred, never rejected.
 */
public final class RecipientPolicy {
  private static final Logger LOG = Logger.getLogger(RecipientPolicy.class);

  private final RecipientMaps maps;
  private final NetworkList trustedNetworks;

  public RecipientPolicy(RecipientMaps maps, NetworkList trustedNetworks) {
    this.maps = maps;
    this.trustedNetworks = trustedNetworks;
  }

  public PolicyResult check(InetAddress client, String recipient) {
    return switch (status(recipient)) {
      case LOCAL -> PolicyResult.accept();
      case UNKNOWN_LOCAL_USER -> PolicyResult.reject(SmtpReply.userUnknown(recipient), "unknown_user");
      case REMOTE -> trustedNetworks.contains(client)
          ? PolicyResult.accept()
          : PolicyResult.reject(SmtpReply.relayDenied(recipient), "relay_denied");
      case UNAVAILABLE -> PolicyResult.defer(SmtpReply.lookupFailure(recipient), "lookup_failure");
    };
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
