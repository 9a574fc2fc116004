package io.postfleet.queuemanager.results;

import java.time.Instant;

/** One recorded delivery attempt, as the admin API shows it. */
public record DeliveryEntry(
    String recipient,
    String originalRecipient,
    String status,
    String dsn,
    String relay,
    String detail,
    String stage,
    String tls,
    long elapsedMillis,
    Instant attemptedAt) {}
