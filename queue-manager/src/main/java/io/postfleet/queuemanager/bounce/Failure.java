package io.postfleet.queuemanager.bounce;

/**
 * One recipient that could not be delivered, as a delivery status notification reports it.
 *
 * @param recipient the final recipient address
 * @param originalRecipient the recipient the client gave at RCPT
 * @param status the RFC 3463 status, e.g. {@code 5.1.1}
 * @param remoteMta {@code host[ip]:port} of the server that refused, or empty when decided here
 * @param diagnostic the remote reply, or the reason decided here
 */
public record Failure(String recipient, String originalRecipient, String status, String remoteMta, String diagnostic) {}
