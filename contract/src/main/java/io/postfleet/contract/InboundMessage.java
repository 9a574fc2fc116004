package io.postfleet.contract;

import java.util.Objects;

/**
 * One accepted message on {@link Topics#INBOUND}.
 *
 * @param envelope the envelope
 * @param content the message bytes exactly as received, dot-unstuffed, CRLF line ends, with the
 *     {@code Received:} header smtp-ingress prepended; never re-encoded after this point
 */
public record InboundMessage(Envelope envelope, byte[] content) {
  public InboundMessage {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(content, "content");
  }
}
