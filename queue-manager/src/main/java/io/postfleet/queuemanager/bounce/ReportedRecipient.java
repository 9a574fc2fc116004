package io.postfleet.queuemanager.bounce;

/**
 * One recipient as a delivery status notification reports it (RFC 3464 §2.3).
 *
 * @param recipient the final recipient address
 * @param originalRecipient the recipient the client gave at RCPT
 * @param status the RFC 3463 status: 5.x.x failed, 4.x.x delayed, 2.x.x delivered or relayed
 * @param remoteMta {@code host[ip]:port} of the server that answered, or empty when it was decided here
 * @param diagnostic the server's reply, or what happened here
 */
public record ReportedRecipient(
    String recipient, String originalRecipient, String status, String remoteMta, String diagnostic) {}
