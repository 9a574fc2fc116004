package io.postfleet.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What smtp-ingress learned about one message besides its bytes (Postfix's queue file records).
 *
 * @param queueId the queue id given at acceptance, on every log line about this message
 * @param mailFrom the reverse-path without angle brackets; empty for the null sender {@code <>}
 * @param recipients the forward-paths accepted at RCPT, in order, without angle brackets
 * @param clientAddress the client's IP address as text
 * @param clientName the client's host name, or {@code "unknown"} as Postfix writes it
 * @param helo the HELO/EHLO argument
 * @param protocol {@code SMTP} or {@code ESMTP} (with {@code S}/{@code A} suffixes per RFC 3848)
 * @param tls the TLS protocol and cipher, empty when the session was in plaintext
 * @param authUser the SASL identity, empty when the client did not authenticate
 * @param arrival when DATA ended
 * @param size the message size in bytes as received (after dot-unstuffing)
 * @param options the ESMTP parameters of MAIL and RCPT that later hops and bounces need
 * @param quarantine why a check quarantined the message (accepted, then held in the queue until an
 *     admin releases or deletes it); empty when it was not quarantined
 */
public record Envelope(
    String queueId,
    String mailFrom,
    List<String> recipients,
    String clientAddress,
    String clientName,
    String helo,
    String protocol,
    String tls,
    String authUser,
    Instant arrival,
    long size,
    EsmtpOptions options,
    String quarantine) {

  public Envelope {
    Objects.requireNonNull(queueId, "queueId");
    Objects.requireNonNull(mailFrom, "mailFrom");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(clientName, "clientName");
    Objects.requireNonNull(helo, "helo");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(authUser, "authUser");
    Objects.requireNonNull(arrival, "arrival");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(quarantine, "quarantine");
  }

  public boolean nullSender() {
    return mailFrom.isEmpty();
  }

  public boolean quarantined() {
    return !quarantine.isEmpty();
  }
}
