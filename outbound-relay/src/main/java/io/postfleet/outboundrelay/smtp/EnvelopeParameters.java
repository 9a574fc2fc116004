package io.postfleet.outboundrelay.smtp;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.EsmtpOptions.BodyType;
import io.postfleet.contract.EsmtpOptions.DsnReturn;
import io.postfleet.contract.EsmtpOptions.Notify;
import io.postfleet.contract.EsmtpOptions.RecipientDsn;
import io.postfleet.contract.RelayDeliveryJob.Recipient;
import io.postfleet.smtp.XText;
import io.postfleet.smtp.client.ServerExtensions;
import java.util.StringJoiner;

/**
 * The MAIL and RCPT commands with the ESMTP parameters the server announced it understands: a
 * parameter the server did not announce is never sent (RFC 5321 §4.1.1.11).
 */
final class EnvelopeParameters {
  private EnvelopeParameters() {}

  static String mail(ServerExtensions server, Outgoing message) {
    StringBuilder command = new StringBuilder("MAIL FROM:<").append(message.mailFrom()).append('>');
    if (server.has("SIZE")) {
      command.append(" SIZE=").append(message.content().length); // RFC 1870 §6
    }
    boolean eightBit = message.options().body() == BodyType.EIGHT_BIT_MIME || message.hasEightBitContent();
    if (message.options().body() == BodyType.BINARY_MIME) {
      command.append(" BODY=BINARYMIME"); // RFC 3030 §3; MessageRequirements saw it announced
    } else if (eightBit && server.has("8BITMIME")) {
      command.append(" BODY=8BITMIME"); // RFC 6152 §3
    }
    if ((message.options().smtputf8() || message.needsSmtputf8()) && server.has("SMTPUTF8")) {
      command.append(" SMTPUTF8"); // RFC 6531 §3.4
    }
    EsmtpOptions options = message.options();
    if (server.has("DSN")) {
      if (options.ret() != DsnReturn.DEFAULT) {
        command.append(" RET=").append(options.ret().name()); // RFC 3461 §4.3
      }
      if (!options.envelopeId().isEmpty()) {
        command.append(" ENVID=").append(XText.encode(options.envelopeId())); // RFC 3461 §4.4
      }
    }
    return command.toString();
  }

  static String rcpt(ServerExtensions server, Outgoing message, Recipient recipient) {
    StringBuilder command = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
    if (!server.has("DSN")) {
      return command.toString();
    }
    RecipientDsn dsn = message.options().recipientDsn().get(recipient.originalRecipient());
    if (dsn == null) {
      dsn = message.options().recipientDsn().get(recipient.address());
    }
    if (dsn != null && !dsn.notifyOn().isEmpty()) {
      StringJoiner notify = new StringJoiner(",", " NOTIFY=", "");
      for (Notify n : Notify.values()) { // a fixed order, whatever the set's
        if (dsn.notifyOn().contains(n)) {
          notify.add(n.name());
        }
      }
      command.append(notify);
    }
    String orcpt = dsn == null ? "" : orcpt(dsn.originalRecipient());
    if (orcpt.isEmpty() && isAscii(recipient.originalRecipient())) {
      // Postfix's smtp too names the original recipient when the client gave no ORCPT.
      orcpt = "rfc822;" + XText.encode(recipient.originalRecipient());
    }
    if (!orcpt.isEmpty()) {
      command.append(" ORCPT=").append(orcpt);
    }
    return command.toString();
  }

  /**
   * ORCPT as the client gave it (RFC 3461 §4.2 says to pass it on), held decoded as
   * {@code type;address} and encoded again as xtext here. A non-ASCII address would need RFC 6533's
   * encodings and is left out instead: the parameter is optional.
   */
  private static String orcpt(String decoded) {
    int semicolon = decoded.indexOf(';');
    if (semicolon < 1 || !isAscii(decoded)) {
      return "";
    }
    return decoded.substring(0, semicolon) + ";" + XText.encode(decoded.substring(semicolon + 1));
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
