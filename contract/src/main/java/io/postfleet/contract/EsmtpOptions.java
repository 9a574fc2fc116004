package io.postfleet.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the client asked for through ESMTP parameters, carried from MAIL and RCPT to whoever delivers
 * or bounces the message: the body type (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531) and the DSN
 * request (RFC 3461).
 *
 * @param body what MAIL's BODY= declared
 * @param smtputf8 whether MAIL carried SMTPUTF8: the message may need it at the next hop
 * @param envelopeId ENVID=, decoded from xtext; empty when absent
 * @param ret RET=, what a bounce should return
 * @param recipientDsn NOTIFY= and ORCPT= per recipient address; recipients without them are absent
 */
public record EsmtpOptions(
    BodyType body, boolean smtputf8, String envelopeId, DsnReturn ret, Map<String, RecipientDsn> recipientDsn) {

  /** A plain RFC 5321 transaction: no parameters given. */
  public static final EsmtpOptions NONE = new EsmtpOptions(BodyType.SEVEN_BIT, false, "", DsnReturn.DEFAULT, Map.of());

  public EsmtpOptions {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(envelopeId, "envelopeId");
    Objects.requireNonNull(ret, "ret");
    recipientDsn = Map.copyOf(recipientDsn);
  }

  /**
   * Whether the client named this event in the NOTIFY= of the recipient it gave at RCPT; false when
   * it gave no NOTIFY, whose default (RFC 3461 §4.1) is the MTA's to apply.
   */
  public boolean asked(Notify event, String originalRecipient) {
    RecipientDsn dsn = recipientDsn.get(originalRecipient);
    return dsn != null && dsn.notifyOn().contains(event);
  }

  /** MAIL's BODY= parameter. */
  public enum BodyType {
    SEVEN_BIT(0),
    EIGHT_BIT_MIME(1),
    BINARY_MIME(2);

    private final int code;

    BodyType(int code) {
      this.code = code;
    }

    /** Its code on the wire, fixed: reordering the constants must not change stored records. */
    public int code() {
      return code;
    }

    public static BodyType ofCode(int code) {
      for (BodyType v : values()) {
        if (v.code == code) {
          return v;
        }
      }
      throw new MalformedRecordException("unknown BodyType code " + code);
    }
  }

  /** RET=: the whole message or only its headers in a bounce; DEFAULT when the client did not say. */
  public enum DsnReturn {
    DEFAULT(0),
    FULL(1),
    HDRS(2);

    private final int code;

    DsnReturn(int code) {
      this.code = code;
    }

    /** Its code on the wire, fixed: reordering the constants must not change stored records. */
    public int code() {
      return code;
    }

    public static DsnReturn ofCode(int code) {
      for (DsnReturn v : values()) {
        if (v.code == code) {
          return v;
        }
      }
      throw new MalformedRecordException("unknown DsnReturn code " + code);
    }
  }

  /** The NOTIFY= keywords of RFC 3461 §4.1; on the wire, a bit each ({@code 1 << code}). */
  public enum Notify {
    NEVER(0),
    SUCCESS(1),
    FAILURE(2),
    DELAY(3);

    private final int code;

    Notify(int code) {
      this.code = code;
    }

    /** Its code on the wire, fixed: reordering the constants must not change stored records. */
    public int code() {
      return code;
    }

    public static Notify ofCode(int code) {
      for (Notify v : values()) {
        if (v.code == code) {
          return v;
        }
      }
      throw new MalformedRecordException("unknown Notify code " + code);
    }
  }

  /**
   * @param notifyOn the NOTIFY= keywords; empty when the client did not say (then: failures only)
   * @param originalRecipient ORCPT= as given ({@code rfc822;user@example.com}), empty when absent
   */
  public record RecipientDsn(Set<Notify> notifyOn, String originalRecipient) {
    public RecipientDsn {
      notifyOn = Set.copyOf(notifyOn);
      Objects.requireNonNull(originalRecipient, "originalRecipient");
    }
  }
}
