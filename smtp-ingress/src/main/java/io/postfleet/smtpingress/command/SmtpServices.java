package io.postfleet.smtpingress.command;

import io.postfleet.maps.ClientMaps;
import io.postfleet.smtpingress.checks.SenderChecks;
import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.session.SessionSettings;
import io.postfleet.smtpingress.tls.TlsContextSource;

/**
 * What the command handlers and sessions share, built once per server.
 *
 * @param settings the session settings
 * @param recipients the RCPT-time policy
 * @param checks the sender checks (FCrDNS, DNSBL, SPF, greylisting; DKIM and DMARC run in the acceptor)
 * @param clients the credentials and sender ownership for AUTH and MAIL
 * @param tls the certificate for STARTTLS and implicit TLS, if one is configured
 * @param acceptor what ends a transaction after DATA or the last BDAT chunk
 * @param queueIds the queue id source
 * @param metrics the counters
 */
public record SmtpServices(
    SessionSettings settings,
    RecipientPolicy recipients,
    SenderChecks checks,
    ClientMaps clients,
    TlsContextSource tls,
    MessageAcceptor acceptor,
    QueueIdGenerator queueIds,
    IngressMetrics metrics) {}
