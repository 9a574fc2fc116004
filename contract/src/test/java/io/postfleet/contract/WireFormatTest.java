package io.postfleet.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final byte[] BYTES = "Subject: ü\r\n\r\n\u0000\u00ff body\r\n".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void inboundMessageRoundTripsWithContentUntouched() {
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.EIGHT_BIT_MIME, true, "env-1",
        EsmtpOptions.DsnReturn.HDRS, Map.of(
            "a@x.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.FAILURE, EsmtpOptions.Notify.DELAY),
                "rfc822;a@x.test"),
            "b@y.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.NEVER), "")));
    Envelope envelope = new Envelope("4ZQK3Y0A1B2C", "", List.of("a@x.test", "b@y.test"), "127.0.0.1",
        "localhost", "client.test", "ESMTP", "", "", Instant.parse("2026-11-28T06:00:00.123456789Z"), 42, options,
        "dmarc=fail (p=quarantine) header.from=x.test");
    InboundMessage decoded = WireFormat.decodeInbound(WireFormat.encode(new InboundMessage(envelope, BYTES)));
    assertEquals(envelope, decoded.envelope());
    assertTrue(decoded.envelope().quarantined());
    assertArrayEquals(BYTES, decoded.content());
  }

  /** A version 4 inbound message, as the previous release wrote it, reads as not quarantined. */
  @Test
  void readsVersionFourInboundMessagesAsNotQuarantined() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 1, 4});
      writeString(out, "Q4");
      writeString(out, "a@x.test");
      out.writeInt(1);
      writeString(out, "b@y.test");
      for (String s : List.of("127.0.0.1", "localhost", "client.test", "ESMTP", "", "")) {
        writeString(out, s);
      }
      out.writeLong(1_700_000_000L);
      out.writeInt(0);
      out.writeLong(BYTES.length);
      out.writeByte(0);
      out.writeBoolean(false);
      writeString(out, "");
      out.writeByte(0);
      out.writeInt(0);
      out.writeInt(BYTES.length);
      out.write(BYTES);
    }
    InboundMessage message = WireFormat.decodeInbound(bytes.toByteArray());
    assertEquals(new Envelope("Q4", "a@x.test", List.of("b@y.test"), "127.0.0.1", "localhost", "client.test", "ESMTP",
        "", "", Instant.ofEpochSecond(1_700_000_000L), BYTES.length, EsmtpOptions.NONE, ""), message.envelope());
    assertFalse(message.envelope().quarantined());
    assertArrayEquals(BYTES, message.content());
  }

  @Test
  void relayJobRoundTrips() {
    RelayDeliveryJob job = new RelayDeliveryJob("Q1", "info@x.test", "[127.0.0.1]:2526",
        List.of(new RelayDeliveryJob.Recipient("r@y.test", "alias@x.test")), EsmtpOptions.NONE,
        Instant.parse("2026-11-28T06:00:00Z"), 3, BYTES);
    RelayDeliveryJob decoded = WireFormat.decodeRelayJob(WireFormat.encode(job));
    assertEquals(job.recipients(), decoded.recipients());
    assertEquals(job.nextHop(), decoded.nextHop());
    assertEquals(job.options(), decoded.options());
    assertEquals(job.queuedAt(), decoded.queuedAt());
    assertEquals(3, decoded.attempts());
    assertTrue(WireFormat.isRelayJob(WireFormat.encode(job)));
    assertFalse(WireFormat.isReturnedJob(WireFormat.encode(job)));
    assertTrue(WireFormat.isReturnedJob(WireFormat.encodeReturned(job)));
    assertEquals(job.recipients(), WireFormat.decodeReturnedJob(WireFormat.encodeReturned(job)).recipients());
    assertThrows(MalformedRecordException.class, () -> WireFormat.decodeRelayJob(WireFormat.encodeReturned(job)));
    assertFalse(WireFormat.isRelayJob(WireFormat
        .encode(new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE, Instant.EPOCH, BYTES, ""))));
    assertTrue(WireFormat.isLocalJob(WireFormat
        .encode(new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE, Instant.EPOCH, BYTES, ""))));
    assertFalse(WireFormat.isLocalJob(WireFormat.encode(job)));
    assertArrayEquals(BYTES, decoded.content());
  }

  @Test
  void localJobRoundTrips() {
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-7",
        EsmtpOptions.DsnReturn.DEFAULT,
        Map.of("req@x.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS), "rfc822;req@x.test")));
    LocalDeliveryJob job = new LocalDeliveryJob("Q1", "a@y.test", "request@x.test", "req@x.test", options,
        Instant.parse("2026-11-28T06:00:00.5Z"), BYTES, ".Junk");
    LocalDeliveryJob decoded = WireFormat.decodeLocalJob(WireFormat.encode(job));
    assertEquals(job.mailbox(), decoded.mailbox());
    assertEquals(job.originalRecipient(), decoded.originalRecipient());
    assertEquals(options, decoded.options());
    assertEquals(job.queuedAt(), decoded.queuedAt());
    assertEquals(".Junk", decoded.folder());
    assertTrue(decoded.options().asked(EsmtpOptions.Notify.SUCCESS, "req@x.test"));
    assertFalse(decoded.options().asked(EsmtpOptions.Notify.SUCCESS, "request@x.test"));
    assertArrayEquals(BYTES, decoded.content());
    assertEquals(MailboxFormat.MAILDIR, decoded.format());
  }

  @Test
  void aLocalJobCarriesItsMailboxFormat() {
    LocalDeliveryJob job = new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE, Instant.EPOCH,
        BYTES, "", MailboxFormat.MBOX, "", 0);
    byte[] encoded = WireFormat.encode(job);
    assertEquals(6, encoded[3]);
    assertEquals(MailboxFormat.MBOX, WireFormat.decodeLocalJob(encoded).format());
    assertEquals(MailboxFormat.MBOX, WireFormat.decodeLocalJob(encoded).inFolder(".Junk").format());
  }

  /** A version 5 local job, as the previous release wrote it, is for a Maildir. */
  @Test
  void readsVersionFiveLocalJobsAsMaildir() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 2, 5});
      for (String s : List.of("Q1", "a@y.test", "request@x.test", "req@x.test")) {
        writeString(out, s);
      }
      out.writeByte(0);
      out.writeBoolean(false);
      writeString(out, "");
      out.writeByte(0);
      out.writeInt(0);
      out.writeLong(5);
      out.writeInt(0);
      writeString(out, ".Junk");
      out.writeInt(BYTES.length);
      out.write(BYTES);
    }
    LocalDeliveryJob job = WireFormat.decodeLocalJob(bytes.toByteArray());
    assertEquals(".Junk", job.folder());
    assertEquals(Instant.ofEpochSecond(5), job.queuedAt());
    assertEquals(MailboxFormat.MAILDIR, job.format());
    assertArrayEquals(BYTES, job.content());
  }

  @Test
  void anUnknownMailboxFormatIsMalformed() {
    byte[] encoded = WireFormat.encode(new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE,
        Instant.EPOCH, BYTES, "", MailboxFormat.MBOX, "", 0));
    // The format byte, then the empty pipe command (its 4-byte length), the attempt count and the quota.
    int at = encoded.length - BYTES.length - 4 - 8 - 4 - 4 - 1;
    assertEquals(1, encoded[at]);
    encoded[at] = 9;
    assertThrows(MalformedRecordException.class, () -> WireFormat.decodeLocalJob(encoded));
  }

  /** A pipe job keeps its command and its attempt count. */
  @Test
  void roundTripsPipeJobs() {
    LocalDeliveryJob job = new LocalDeliveryJob("Q1", "a@y.test", "list@lists.x.test", "list@lists.x.test",
        EsmtpOptions.NONE, Instant.parse("2026-11-28T06:00:00Z"), BYTES, "",
        MailboxFormat.MAILDIR, "/usr/bin/filter -f ${sender} -- \"${recipient}\"", 0).nextAttempt();
    LocalDeliveryJob decoded = WireFormat.decodeLocalJob(WireFormat.encode(job));
    assertEquals("/usr/bin/filter -f ${sender} -- \"${recipient}\"", decoded.pipe());
    assertTrue(decoded.piped());
    assertEquals(1, decoded.attempts());
    assertArrayEquals(BYTES, decoded.content());
  }

  /** A version 5 local job, as the previous release wrote it, is a Maildir delivery on its first attempt. */
  @Test
  void readsVersionFiveLocalJobsAsMaildirDeliveries() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 2, 5});
      for (String s : List.of("Q5", "a@y.test", "request@x.test", "req@x.test")) {
        writeString(out, s);
      }
      out.writeByte(0);
      out.writeBoolean(false);
      writeString(out, "");
      out.writeByte(0);
      out.writeInt(0);
      out.writeLong(1_700_000_000L);
      out.writeInt(0);
      writeString(out, ".Junk");
      out.writeInt(BYTES.length);
      out.write(BYTES);
    }
    LocalDeliveryJob job = WireFormat.decodeLocalJob(bytes.toByteArray());
    assertEquals(".Junk", job.folder());
    assertEquals("", job.pipe());
    assertFalse(job.piped());
    assertEquals(0, job.attempts());
    assertArrayEquals(BYTES, job.content());
  }

  @Test
  void localJobQuotaAndResultUsageRoundTrip() {
    LocalDeliveryJob job = new LocalDeliveryJob("Q1", "a@y.test", "request@x.test", "request@x.test",
        EsmtpOptions.NONE, Instant.EPOCH, BYTES, "", 50_000);
    assertEquals(50_000, WireFormat.decodeLocalJob(WireFormat.encode(job)).quotaBytes());
    DeliveryResult result = new DeliveryResult("Q1", "request@x.test", "request@x.test",
        new DeliveryOutcome.Bounced("5.2.2", "local", "mailbox full"),
        AttemptFacts.local(3, new MailboxUsage(49_000, 12)), Instant.parse("2026-12-02T10:00:00Z"));
    assertEquals(result, WireFormat.decodeResult(WireFormat.encode(result)));
    DeliveryResult unknown = new DeliveryResult("Q1", "r@y.test", "r@y.test",
        new DeliveryOutcome.Delivered("2.0.0", "local", "ok"), AttemptFacts.at("local", 1), Instant.EPOCH);
    assertEquals(MailboxUsage.UNKNOWN, WireFormat.decodeResult(WireFormat.encode(unknown)).facts().usage());
  }

  /** A version 5 local job (before quotas) reads as a job for a mailbox without a quota. */
  @Test
  void readsVersionFiveLocalJobsWithoutQuota() {
    LocalDeliveryJob job = new LocalDeliveryJob("Q1", "a@y.test", "request@x.test", "req@x.test",
        EsmtpOptions.NONE, Instant.EPOCH, BYTES, ".Junk", 777);
    byte[] v6 = WireFormat.encode(job);
    // Version 5 wrote the same fields without version 6's between the folder and the content: the
    // format (1 byte), the empty pipe command (4), the attempt count (4) and the quota (8).
    int added = 1 + 4 + 4 + 8;
    int addedAt = v6.length - BYTES.length - 4 - added;
    byte[] v5 = new byte[v6.length - added];
    System.arraycopy(v6, 0, v5, 0, addedAt);
    System.arraycopy(v6, addedAt + added, v5, addedAt, v6.length - addedAt - added);
    v5[3] = 5;
    LocalDeliveryJob decoded = WireFormat.decodeLocalJob(v5);
    assertEquals(0, decoded.quotaBytes());
    assertEquals(".Junk", decoded.folder());
    assertArrayEquals(BYTES, decoded.content());
  }

  /** A version 5 result (before quotas) knows no usage. */
  @Test
  void readsVersionFiveResultsWithoutUsage() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 4, 5});
      for (String s : List.of("Q1", "r@y.test", "r@y.test")) {
        writeString(out, s);
      }
      out.writeByte(1);
      for (String s : List.of("2.0.0", "local", "delivered", "local", "")) {
        writeString(out, s);
      }
      out.writeLong(12);
      out.writeBoolean(false);
      out.writeLong(1_700_000_000L);
      out.writeInt(0);
    }
    assertEquals(new AttemptFacts("local", "", 12, false, MailboxUsage.UNKNOWN),
        WireFormat.decodeResult(bytes.toByteArray()).facts());
  }

  /** A version 3 local job, as the previous release wrote it, still reads: no DSN request, no arrival. */
  @Test
  void readsVersionThreeLocalJobs() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 2, 3});
      for (String s : List.of("Q1", "a@y.test", "request@x.test", "req@x.test")) {
        writeString(out, s);
      }
      out.writeInt(BYTES.length);
      out.write(BYTES);
    }
    LocalDeliveryJob job = WireFormat.decodeLocalJob(bytes.toByteArray());
    assertEquals(new LocalDeliveryJob("Q1", "a@y.test", "request@x.test", "req@x.test", EsmtpOptions.NONE,
        Instant.EPOCH, BYTES, "").mailbox(), job.mailbox());
    assertEquals(EsmtpOptions.NONE, job.options());
    assertEquals(Instant.EPOCH, job.queuedAt());
    assertEquals("", job.folder());
    assertArrayEquals(BYTES, job.content());
  }

  /** A version 3 result has no DSN fact: read as "the remote did not take the NOTIFY request". */
  @Test
  void readsVersionThreeResultsWithoutTheDsnFact() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 4, 3});
      for (String s : List.of("Q1", "r@y.test", "r@y.test")) {
        writeString(out, s);
      }
      out.writeByte(1);
      for (String s : List.of("2.0.0", "mx.y.test[192.0.2.1]:25", "250 ok", "data-done", "")) {
        writeString(out, s);
      }
      out.writeLong(12);
      out.writeLong(1_700_000_000L);
      out.writeInt(0);
    }
    assertEquals(new AttemptFacts("data-done", "", 12, false), WireFormat.decodeResult(bytes.toByteArray()).facts());
  }

  @Test
  void deliveredJobsAreTheirOwnRecordType() {
    RelayDeliveryJob job = new RelayDeliveryJob("Q1", "a@x.test", "local",
        List.of(new RelayDeliveryJob.Recipient("r@y.test", "r@y.test")), EsmtpOptions.NONE, Instant.EPOCH, 0, BYTES);
    byte[] delivered = WireFormat.encodeDelivered(job);
    assertTrue(WireFormat.isDeliveredJob(delivered));
    assertFalse(WireFormat.isReturnedJob(delivered));
    assertFalse(WireFormat.isRelayJob(delivered));
    assertFalse(WireFormat.isDeliveredJob(WireFormat.encode(job)));
    assertEquals(job.recipients(), WireFormat.decodeDeliveredJob(delivered).recipients());
    assertThrows(MalformedRecordException.class, () -> WireFormat.decodeReturnedJob(delivered));
  }

  @Test
  void everyOutcomeKindRoundTrips() {
    Instant at = Instant.parse("2026-11-28T06:00:00Z");
    for (DeliveryOutcome outcome : List.of(
        new DeliveryOutcome.Delivered("2.0.0", "mx.y.test[127.0.0.1]:25", "250 2.0.0 Ok"),
        new DeliveryOutcome.Deferred("4.4.1", "mx.y.test[127.0.0.1]:25", "connection refused"),
        new DeliveryOutcome.Bounced("5.1.1", "mx.y.test[127.0.0.1]:25", "550 5.1.1 no such user"))) {
      DeliveryResult result = new DeliveryResult("Q1", "r@y.test", "r@y.test", outcome,
          new AttemptFacts("rcpt", "TLSv1.3 TLS_AES_256_GCM_SHA384", 120, outcome instanceof DeliveryOutcome.Delivered),
          at);
      assertEquals(result, WireFormat.decodeResult(WireFormat.encode(result)));
    }
  }

  /** A version 1 result, written as the first release wrote it, still reads, with empty facts. */
  @Test
  void readsVersionOneResults() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(new byte[] {'P', 'F', 4, 1});
      for (String s : List.of("Q1", "r@y.test", "o@y.test")) {
        writeString(out, s);
      }
      out.writeByte(1);
      for (String s : List.of("2.0.0", "local", "delivered")) {
        writeString(out, s);
      }
      out.writeLong(1_700_000_000L);
      out.writeInt(5);
    }
    DeliveryResult result = WireFormat.decodeResult(bytes.toByteArray());
    assertEquals(new DeliveryResult("Q1", "r@y.test", "o@y.test",
        new DeliveryOutcome.Delivered("2.0.0", "local", "delivered"), AttemptFacts.at("", 0),
        Instant.ofEpochSecond(1_700_000_000L, 5)), result);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  @Test
  void refusesOtherRecordTypesTruncationAndGarbage() {
    byte[] local = WireFormat
        .encode(new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE, Instant.EPOCH, BYTES, ""));
    assertThrows(MalformedRecordException.class, () -> WireFormat.decodeInbound(local));
    assertThrows(MalformedRecordException.class,
        () -> WireFormat.decodeLocalJob(Arrays.copyOf(local, local.length - 3)));
    assertThrows(MalformedRecordException.class,
        () -> WireFormat.decodeLocalJob("hello".getBytes(StandardCharsets.US_ASCII)));
    byte[] past = local.clone();
    past[3] = 0;
    assertThrows(MalformedRecordException.class, () -> WireFormat.decodeLocalJob(past));
  }

  /** A newer record is not garbage to skip: it must wait for a consumer that can read it. */
  @Test
  void aNewerVersionIsRefusedWithoutCallingItMalformed() {
    byte[] future = WireFormat
        .encode(new LocalDeliveryJob("Q1", "", "a@x.test", "a@x.test", EsmtpOptions.NONE, Instant.EPOCH, BYTES, ""));
    future[3] = (byte) (WireFormat.VERSION + 1);
    assertThrows(NewerRecordVersionException.class, () -> WireFormat.decodeLocalJob(future));
  }
}
