package io.postfleet.smtp.client;

import java.io.IOException;

/** The server sent something that is not an SMTP reply (RFC 5321 §4.2), or one far too long. */
public final class MalformedReplyException extends IOException {
  public MalformedReplyException(String message) {
    super(message);
  }
}
