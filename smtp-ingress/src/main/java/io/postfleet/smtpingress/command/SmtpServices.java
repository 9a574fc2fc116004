package io.postfleet.smtpingress.command;

import io.postfleet.smtpingress.metrics.IngressMetrics;
import io.postfleet.smtpingress.policy.RecipientPolicy;
import io.postfleet.smtpingress.queue.MessageAcceptor;
import io.postfleet.smtpingress.queue.QueueIdGenerator;
import io.postfleet.smtpingress.session.SessionSettings;

/**
 * What the command handlers and sessions share, built once per server.
 *
 * @param settings the session settings
 * @param recipients the RCPT-time policy
 * @param acceptor what ends a transaction after DATA
 * @param queueIds the queue id source
 * @param metrics the counters
 */
public record SmtpServices(
    SessionSettings settings,
    RecipientPolicy recipients,
    MessageAcceptor acceptor,
    QueueIdGenerator queueIds,
    IngressMetrics metrics) {}
