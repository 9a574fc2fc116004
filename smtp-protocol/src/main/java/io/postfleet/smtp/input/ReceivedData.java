package io.postfleet.smtp.input;

import java.util.Objects;

/**
 * The message content read after DATA up to {@code CRLF.CRLF}.
 *
 * @param content the content dot-unstuffed, with CRLF line ends as the client sent them, without
 *     the terminating {@code .CRLF}; empty when the verdict is not {@link DataVerdict#OK}
 * @param size the number of content bytes the client sent (after unstuffing), kept or not
 * @param verdict whether the content may be accepted
 */
public record ReceivedData(byte[] content, long size, DataVerdict verdict) {
  public ReceivedData {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(verdict, "verdict");
  }
}
