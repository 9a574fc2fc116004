package io.postfleet.smtpingress.queue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.smtp.command.MailParameters;
import io.postfleet.smtp.command.RcptParameters;
import io.postfleet.smtpingress.session.MailTransaction;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Carries what MAIL and RCPT asked for into the envelope: the body type the next hop must be able
 * to take (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531), and the DSN request the bounce logic needs
 * (RFC 3461). Recipients that gave no DSN parameters are left out, as the contract says.
 */
final class EnvelopeOptions {
  private EnvelopeOptions() {}

  static EsmtpOptions of(MailTransaction transaction) {
    MailParameters mail = transaction.parameters();
    Map<String, EsmtpOptions.RecipientDsn> dsn = new HashMap<>();
    for (Map.Entry<String, RcptParameters> r : transaction.recipientParameters().entrySet()) {
      RcptParameters p = r.getValue();
      if (!p.notifyOn().isEmpty() || !p.originalRecipient().isEmpty()) {
        dsn.put(r.getKey(), new EsmtpOptions.RecipientDsn(notify(p.notifyOn()), p.originalRecipient()));
      }
    }
    return new EsmtpOptions(body(mail.body()), mail.smtputf8(), mail.envelopeId(), ret(mail.ret()), dsn);
  }

  private static EsmtpOptions.BodyType body(MailParameters.Body body) {
    return switch (body) {
      case SEVEN_BIT -> EsmtpOptions.BodyType.SEVEN_BIT;
      case EIGHT_BIT_MIME -> EsmtpOptions.BodyType.EIGHT_BIT_MIME;
      case BINARY_MIME -> EsmtpOptions.BodyType.BINARY_MIME;
    };
  }

  private static EsmtpOptions.DsnReturn ret(MailParameters.Ret ret) {
    return switch (ret) {
      case DEFAULT -> EsmtpOptions.DsnReturn.DEFAULT;
      case FULL -> EsmtpOptions.DsnReturn.FULL;
      case HDRS -> EsmtpOptions.DsnReturn.HDRS;
    };
  }

  private static Set<EsmtpOptions.Notify> notify(Set<RcptParameters.Notify> keywords) {
    Set<EsmtpOptions.Notify> out = EnumSet.noneOf(EsmtpOptions.Notify.class);
    for (RcptParameters.Notify k : keywords) {
      out.add(switch (k) {
        case NEVER -> EsmtpOptions.Notify.NEVER;
        case SUCCESS -> EsmtpOptions.Notify.SUCCESS;
        case FAILURE -> EsmtpOptions.Notify.FAILURE;
        case DELAY -> EsmtpOptions.Notify.DELAY;
      });
    }
    return out;
  }
}
