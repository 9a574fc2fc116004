package io.postfleet.outboundrelay.smtp;

import io.postfleet.contract.EsmtpOptions.BodyType;
import io.postfleet.outboundrelay.route.Target;
import io.postfleet.smtp.client.ServerExtensions;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a message needs of the server, checked after EHLO and before MAIL, so that a message the
 * server cannot take whole is never sent at all.
 *
 * <p>8-bit content to a server without 8BITMIME is refused rather than converted: Postfix would
 * re-encode it as quoted-printable, but Postfleet sends the bytes it received (which also keeps
 * DKIM signatures of earlier hops valid), and RFC 6152 §3 allows exactly two choices, convert or
 * return the message. Every server of the last twenty years announces 8BITMIME, so this bounces
 * practically nothing.
 */
final class MessageRequirements {
  private MessageRequirements() {}

  static Optional<Shortfall> check(ServerExtensions server, Outgoing message, Target target) {
    OptionalLong limit = server.sizeLimit();
    if (limit.isPresent() && message.content().length > limit.getAsLong()) {
      return shortfall(Shortfall.Kind.MESSAGE_TOO_BIG, "message size " + message.content().length
          + " exceeds size limit " + limit.getAsLong() + " of server " + target.peer());
    }
    if (message.options().body() == BodyType.BINARY_MIME) {
      return shortfall(Shortfall.Kind.NEEDS_BINARYMIME,
          "message was declared BINARYMIME, which cannot be relayed with DATA");
    }
    if (message.hasEightBitContent() && !server.has("8BITMIME")) {
      return shortfall(Shortfall.Kind.NEEDS_8BITMIME, "message has 8-bit content, but host "
          + target.peer() + " does not support 8BITMIME, and it is not converted");
    }
    if (message.needsSmtputf8() && !server.has("SMTPUTF8")) {
      return shortfall(Shortfall.Kind.NEEDS_SMTPUTF8,
          "SMTPUTF8 is required, but was not offered by host " + target.peer());
    }
    return Optional.empty();
  }

  private static Optional<Shortfall> shortfall(Shortfall.Kind kind, String detail) {
    return Optional.of(new Shortfall(kind, detail));
  }
}
