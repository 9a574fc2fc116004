package io.postfleet.queuemanager.bounce;

import io.postfleet.contract.EsmtpOptions;
import java.time.Instant;
import java.util.List;

/**
 * What one delivery status notification reports about one message: its kind, who sent the message,
 * what the client asked for (ENVID, RET, NOTIFY, ORCPT), its bytes, and the recipients told of together.
 *
 * @param willRetryUntil when retrying ends, for a delay warning (RFC 3464 §2.3.9); null otherwise
 */
public record StatusReport(DsnKind kind, String queueId, String sender, Instant arrival, EsmtpOptions options,
    byte[] content, List<ReportedRecipient> recipients, Instant willRetryUntil) {}
