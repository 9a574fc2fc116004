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
 * <p>A BINARYMIME message goes only to a server that offers CHUNKING and BINARYMIME (RFC 3030), in
 * BDAT chunks; elsewhere it is returned, as it can be neither sent with DATA nor converted here.
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
    boolean binary = message.options().body() == BodyType.BINARY_MIME;
    // RFC 3030 §3: BINARYMIME needs CHUNKING, and binary content must never go with DATA.
    if (binary && !(server.has("CHUNKING") && server.has("BINARYMIME"))) {
      return shortfall(Shortfall.Kind.NEEDS_BINARYMIME, "message was declared BINARYMIME, but host "
          + target.peer() + " does not support CHUNKING and BINARYMIME, and it cannot be sent with DATA");
    }
    // BODY=BINARYMIME already declares 8-bit octets (RFC 3030 §3); 8BITMIME is not asked for too.
    if (!binary && message.hasEightBitContent() && !server.has("8BITMIME")) {
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
