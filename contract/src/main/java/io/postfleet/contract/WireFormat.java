package io.postfleet.contract;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one codec for every record on Kafka. Each value starts with the magic {@code PF}, a record type
 * and a format version, so a consumer can refuse what it does not understand instead of misreading
 * it (Postfix's rec_type.h lesson: fix the framing before the first byte is written). Message content
 * is carried as opaque bytes and never re-encoded.
 */
public final class WireFormat {
  /**
   * Bumped whenever a record's layout changes; decoders accept this and older versions they know.
   * Version 2 added the ESMTP options (envelope, relay job) and the attempt facts (result); version 3
   * the arrival time and attempt count of relay jobs; version 4 the ESMTP options and arrival time
   * of local jobs and whether the remote announced DSN (result); version 5 the quarantine reason of
   * the envelope (older envelopes read as not quarantined) and the Maildir folder of local jobs
   * (older ones deliver to the inbox); version 6 the mailbox format, pipe command, attempt count and
   * quota of local jobs (older ones are Maildir deliveries on their first attempt, without a quota)
   * and the mailbox usage of results (older ones know none).
   */
  public static final byte VERSION = 6;

  private static final byte MAGIC_0 = 'P';
  private static final byte MAGIC_1 = 'F';
  private static final byte TYPE_INBOUND = 1;
  private static final byte TYPE_LOCAL_JOB = 2;
  private static final byte TYPE_RELAY_JOB = 3;
  private static final byte TYPE_RESULT = 4;
  private static final byte TYPE_RETURNED_JOB = 5;
  private static final byte TYPE_DELIVERED_JOB = 6;

  private static final byte OUTCOME_DELIVERED = 1;
  private static final byte OUTCOME_DEFERRED = 2;
  private static final byte OUTCOME_BOUNCED = 3;

  private WireFormat() {}

  public static byte[] encode(InboundMessage message) {
    Envelope e = message.envelope();
    return write(TYPE_INBOUND, message.content().length + 512, out -> {
      writeString(out, e.queueId());
      writeString(out, e.mailFrom());
      writeStrings(out, e.recipients());
      writeString(out, e.clientAddress());
      writeString(out, e.clientName());
      writeString(out, e.helo());
      writeString(out, e.protocol());
      writeString(out, e.tls());
      writeString(out, e.authUser());
      writeInstant(out, e.arrival());
      out.writeLong(e.size());
      writeOptions(out, e.options());
      writeString(out, e.quarantine());
      writeBytes(out, message.content());
    });
  }

  public static InboundMessage decodeInbound(byte[] value) {
    return read(value, TYPE_INBOUND, (in, version) -> {
      Envelope envelope = new Envelope(
          readString(in), readString(in), readStrings(in), readString(in), readString(in),
          readString(in), readString(in), readString(in), readString(in), readInstant(in),
          in.readLong(), version >= 2 ? readOptions(in) : EsmtpOptions.NONE, version >= 5 ? readString(in) : "");
      return new InboundMessage(envelope, readBytes(in));
    });
  }

  public static byte[] encode(LocalDeliveryJob job) {
    return write(TYPE_LOCAL_JOB, job.content().length + 256, out -> {
      writeString(out, job.queueId());
      writeString(out, job.mailFrom());
      writeString(out, job.mailbox());
      writeString(out, job.originalRecipient());
      writeOptions(out, job.options());
      writeInstant(out, job.queuedAt());
      writeString(out, job.folder());
      out.writeByte(job.format().code());
      writeString(out, job.pipe());
      out.writeInt(job.attempts());
      out.writeLong(job.quotaBytes());
      writeBytes(out, job.content());
    });
  }

  public static LocalDeliveryJob decodeLocalJob(byte[] value) {
    return read(value, TYPE_LOCAL_JOB, (in, version) -> {
      String queueId = readString(in);
      String mailFrom = readString(in);
      String mailbox = readString(in);
      String originalRecipient = readString(in);
      EsmtpOptions options = version >= 4 ? readOptions(in) : EsmtpOptions.NONE;
      Instant queuedAt = version >= 4 ? readInstant(in) : Instant.EPOCH;
      String folder = version >= 5 ? readString(in) : "";
      MailboxFormat format = version >= 6 ? MailboxFormat.ofCode(in.readByte()) : MailboxFormat.MAILDIR;
      String pipe = version >= 6 ? readString(in) : "";
      int attempts = version >= 6 ? in.readInt() : 0;
      long quotaBytes = version >= 6 ? in.readLong() : 0;
      return new LocalDeliveryJob(queueId, mailFrom, mailbox, originalRecipient, options, queuedAt, readBytes(in),
          folder, format, pipe, attempts, quotaBytes);
    });
  }

  public static byte[] encode(RelayDeliveryJob job) {
    return writeRelayJob(TYPE_RELAY_JOB, job);
  }

  /**
   * A relay job holding the recipients that bounced, with the message, so queue-manager can return
   * it to the sender as RFC 3464 asks (original headers or the whole message).
   */
  public static byte[] encodeReturned(RelayDeliveryJob job) {
    return writeRelayJob(TYPE_RETURNED_JOB, job);
  }

  /** Whether a value on the results topic holds bounced recipients to return to their sender. */
  public static boolean isReturnedJob(byte[] value) {
    return hasType(value, TYPE_RETURNED_JOB);
  }

  public static RelayDeliveryJob decodeReturnedJob(byte[] value) {
    return readRelayJob(value, TYPE_RETURNED_JOB);
  }

  /**
   * A job holding delivered recipients whose sender asked to be told (NOTIFY=SUCCESS) and whom no
   * later hop will tell: delivered to a mailbox, or relayed to a server without DSN (RFC 3461 §5.2.2,
   * §5.2.3).
   * Its next hop is {@code local} for a mailbox.
   */
  public static byte[] encodeDelivered(RelayDeliveryJob job) {
    return writeRelayJob(TYPE_DELIVERED_JOB, job);
  }

  /** Whether a value on the results topic holds delivered recipients whose sender asked to be told. */
  public static boolean isDeliveredJob(byte[] value) {
    return hasType(value, TYPE_DELIVERED_JOB);
  }

  public static RelayDeliveryJob decodeDeliveredJob(byte[] value) {
    return readRelayJob(value, TYPE_DELIVERED_JOB);
  }

  private static byte[] writeRelayJob(byte type, RelayDeliveryJob job) {
    return write(type, job.content().length + 512, out -> {
      writeString(out, job.queueId());
      writeString(out, job.mailFrom());
      writeString(out, job.nextHop());
      out.writeInt(job.recipients().size());
      for (RelayDeliveryJob.Recipient r : job.recipients()) {
        writeString(out, r.address());
        writeString(out, r.originalRecipient());
      }
      writeOptions(out, job.options());
      writeInstant(out, job.queuedAt());
      out.writeInt(job.attempts());
      writeBytes(out, job.content());
    });
  }

  public static RelayDeliveryJob decodeRelayJob(byte[] value) {
    return readRelayJob(value, TYPE_RELAY_JOB);
  }

  private static RelayDeliveryJob readRelayJob(byte[] value, byte type) {
    return read(value, type, (in, version) -> {
      String queueId = readString(in);
      String mailFrom = readString(in);
      String nextHop = readString(in);
      int count = readCount(in);
      List<RelayDeliveryJob.Recipient> recipients = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        recipients.add(new RelayDeliveryJob.Recipient(readString(in), readString(in)));
      }
      EsmtpOptions options = version >= 2 ? readOptions(in) : EsmtpOptions.NONE;
      Instant queuedAt = version >= 3 ? readInstant(in) : Instant.EPOCH;
      int attempts = version >= 3 ? in.readInt() : 0;
      return new RelayDeliveryJob(queueId, mailFrom, nextHop, recipients, options, queuedAt, attempts, readBytes(in));
    });
  }

  /**
   * Whether a value is a local delivery job: the deferred queue holds quarantined ones beside relay
   * jobs, and the results topic carries pipe deliveries that were deferred.
   */
  public static boolean isLocalJob(byte[] value) {
    return hasType(value, TYPE_LOCAL_JOB);
  }

  /** Whether a value on the results topic is a deferred relay job rather than a result. */
  public static boolean isRelayJob(byte[] value) {
    return hasType(value, TYPE_RELAY_JOB);
  }

  private static boolean hasType(byte[] value, byte type) {
    return value != null && value.length >= 4 && value[0] == MAGIC_0 && value[1] == MAGIC_1 && value[2] == type;
  }

  public static byte[] encode(DeliveryResult result) {
    return write(TYPE_RESULT, 512, out -> {
      writeString(out, result.queueId());
      writeString(out, result.recipient());
      writeString(out, result.originalRecipient());
      DeliveryOutcome o = result.outcome();
      out.writeByte(outcomeKind(o));
      writeString(out, o.dsnStatus());
      writeString(out, o.relay());
      writeString(out, o.detail());
      writeString(out, result.facts().stage());
      writeString(out, result.facts().tls());
      out.writeLong(result.facts().elapsedMillis());
      out.writeBoolean(result.facts().remoteDsn());
      out.writeLong(result.facts().usage().bytes());
      out.writeLong(result.facts().usage().messages());
      writeInstant(out, result.attemptedAt());
    });
  }

  public static DeliveryResult decodeResult(byte[] value) {
    return read(value, TYPE_RESULT, (in, version) -> {
      String queueId = readString(in);
      String recipient = readString(in);
      String original = readString(in);
      byte kind = in.readByte();
      String status = readString(in);
      String relay = readString(in);
      String detail = readString(in);
      DeliveryOutcome outcome = switch (kind) {
        case OUTCOME_DELIVERED -> new DeliveryOutcome.Delivered(status, relay, detail);
        case OUTCOME_DEFERRED -> new DeliveryOutcome.Deferred(status, relay, detail);
        case OUTCOME_BOUNCED -> new DeliveryOutcome.Bounced(status, relay, detail);
        default -> throw new MalformedRecordException("unknown outcome kind " + kind);
      };
      AttemptFacts facts = version >= 2
          ? new AttemptFacts(readString(in), readString(in), in.readLong(), version >= 4 && in.readBoolean(),
              version >= 6 ? readUsage(in) : MailboxUsage.UNKNOWN)
          : AttemptFacts.at("", 0);
      return new DeliveryResult(queueId, recipient, original, outcome, facts, readInstant(in));
    });
  }

  /** Any negative count means unknown, as {@link MailboxUsage#UNKNOWN} writes it. */
  private static MailboxUsage readUsage(DataInputStream in) throws IOException {
    long bytes = in.readLong();
    long messages = in.readLong();
    return bytes < 0 || messages < 0 ? MailboxUsage.UNKNOWN : new MailboxUsage(bytes, messages);
  }

  // Java 17 has no pattern matching for switch; the sealed interface keeps this list complete.
  private static byte outcomeKind(DeliveryOutcome o) {
    if (o instanceof DeliveryOutcome.Delivered) {
      return OUTCOME_DELIVERED;
    }
    if (o instanceof DeliveryOutcome.Deferred) {
      return OUTCOME_DEFERRED;
    }
    return OUTCOME_BOUNCED;
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in, int version) throws IOException;
  }

  private static byte[] write(byte type, int sizeHint, Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(MAGIC_0);
      out.writeByte(MAGIC_1);
      out.writeByte(type);
      out.writeByte(VERSION);
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] value, byte type, Reader<T> reader) {
    if (value == null || value.length < 4 || value[0] != MAGIC_0 || value[1] != MAGIC_1) {
      throw new MalformedRecordException("not a Postfleet record");
    }
    if (value[2] != type) {
      throw new MalformedRecordException("record type " + value[2] + ", expected " + type);
    }
    if (value[3] > VERSION) {
      throw new NewerRecordVersionException("record version " + value[3] + ", this service reads up to " + VERSION);
    }
    if (value[3] < 1) {
      throw new MalformedRecordException("unsupported record version " + value[3]);
    }
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(value, 4, value.length - 4))) {
      T result = reader.read(in, value[3]);
      if (in.available() != 0) {
        throw new MalformedRecordException(in.available() + " trailing bytes");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedRecordException m) {
        throw m;
      }
      throw new MalformedRecordException("truncated or corrupt record: " + e.getMessage());
    }
  }

  private static void writeOptions(DataOutputStream out, EsmtpOptions options) throws IOException {
    out.writeByte(options.body().code());
    out.writeBoolean(options.smtputf8());
    writeString(out, options.envelopeId());
    out.writeByte(options.ret().code());
    out.writeInt(options.recipientDsn().size());
    for (Map.Entry<String, EsmtpOptions.RecipientDsn> e : new TreeMap<>(options.recipientDsn()).entrySet()) {
      writeString(out, e.getKey());
      int notify = 0;
      for (EsmtpOptions.Notify n : e.getValue().notifyOn()) {
        notify |= 1 << n.code();
      }
      out.writeByte(notify);
      writeString(out, e.getValue().originalRecipient());
    }
  }

  private static EsmtpOptions readOptions(DataInputStream in) throws IOException {
    EsmtpOptions.BodyType body = EsmtpOptions.BodyType.ofCode(in.readByte());
    boolean smtputf8 = in.readBoolean();
    String envelopeId = readString(in);
    EsmtpOptions.DsnReturn ret = EsmtpOptions.DsnReturn.ofCode(in.readByte());
    int count = readCount(in);
    Map<String, EsmtpOptions.RecipientDsn> dsn = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String recipient = readString(in);
      int bits = in.readByte();
      Set<EsmtpOptions.Notify> notify = EnumSet.noneOf(EsmtpOptions.Notify.class);
      for (EsmtpOptions.Notify n : EsmtpOptions.Notify.values()) {
        if ((bits & (1 << n.code())) != 0) {
          notify.add(n);
        }
      }
      dsn.put(recipient, new EsmtpOptions.RecipientDsn(notify, readString(in)));
    }
    return new EsmtpOptions(body, smtputf8, envelopeId, ret, dsn);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeString(out, s);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int count = readCount(in);
    List<String> strings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      strings.add(readString(in));
    }
    return strings;
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = readCount(in);
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }

  private static int readCount(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available()) {
      throw new MalformedRecordException("bad length " + count);
    }
    return count;
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
