package io.postfleet.contract;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records behind the golden fixtures in {@code src/test/resources/wire/v<N>/}: built only with
 * constructors every wire version's code has, so that the same source wrote the fixtures of each
 * version (run with that version's classes, {@link #main}) and the test of today compares against them.
 */
final class GoldenRecords {
  static final Instant ARRIVAL = Instant.parse("2026-12-02T10:15:30.123456789Z");
  static final byte[] CONTENT = "From: a@example.org\r\nSubject: golden\r\n\r\nbody \u00e9\r\n"
      .getBytes(StandardCharsets.UTF_8);

  private GoldenRecords() {}

  static EsmtpOptions options() {
    Map<String, EsmtpOptions.RecipientDsn> dsn = new LinkedHashMap<>();
    dsn.put("b@example.net", new EsmtpOptions.RecipientDsn(
        EnumSet.of(EsmtpOptions.Notify.SUCCESS, EsmtpOptions.Notify.DELAY), "rfc822;B@example.net"));
    dsn.put("c@example.net", new EsmtpOptions.RecipientDsn(EnumSet.of(EsmtpOptions.Notify.NEVER), ""));
    return new EsmtpOptions(EsmtpOptions.BodyType.EIGHT_BIT_MIME, true, "env-1", EsmtpOptions.DsnReturn.HDRS, dsn);
  }

  static InboundMessage inbound() {
    Envelope envelope = new Envelope("4ABCDEF123", "a@example.org", List.of("b@example.net", "c@example.net"),
        "192.0.2.7", "mx.example.org", "mx.example.org", "ESMTPSA", "TLSv1.3:TLS_AES_128_GCM_SHA256", "a@example.org",
        ARRIVAL, CONTENT.length, options(), "dmarc=quarantine");
    return new InboundMessage(envelope, CONTENT);
  }

  static LocalDeliveryJob localJob() {
    return new LocalDeliveryJob("4ABCDEF123", "a@example.org", "b@example.net", "B@example.net", options(), ARRIVAL,
        CONTENT, ".Junk");
  }

  static RelayDeliveryJob relayJob() {
    return new RelayDeliveryJob("4ABCDEF123", "a@example.org", "[192.0.2.25]:2525",
        List.of(new RelayDeliveryJob.Recipient("b@example.net", "B@example.net"),
            new RelayDeliveryJob.Recipient("c@example.net", "c@example.net")),
        options(), ARRIVAL, 3, CONTENT);
  }

  static List<DeliveryResult> results() {
    return List.of(
        new DeliveryResult("4ABCDEF123", "b@example.net", "B@example.net",
            new DeliveryOutcome.Delivered("2.0.0", "mx.example.net[192.0.2.25]:25", "250 2.0.0 queued as X"),
            new AttemptFacts("relay", "TLSv1.3", 250, true), ARRIVAL),
        new DeliveryResult("4ABCDEF123", "c@example.net", "c@example.net",
            new DeliveryOutcome.Deferred("4.4.1", "mx.example.net[192.0.2.25]:25", "connection refused"),
            new AttemptFacts("connect", "", 3000, false), ARRIVAL),
        new DeliveryResult("4ABCDEF123", "d@example.net", "d@example.net",
            new DeliveryOutcome.Bounced("5.1.1", "local", "no such mailbox"),
            new AttemptFacts("local", "", 1, false), ARRIVAL));
  }

  /** Each fixture's file name and bytes, as this version's code writes them. */
  static Map<String, byte[]> encoded() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("inbound", WireFormat.encode(inbound()));
    files.put("local-job", WireFormat.encode(localJob()));
    files.put("relay-job", WireFormat.encode(relayJob()));
    files.put("returned-job", WireFormat.encodeReturned(relayJob()));
    files.put("delivered-job", WireFormat.encodeDelivered(relayJob()));
    List<DeliveryResult> results = results();
    for (int i = 0; i < results.size(); i++) {
      files.put("result-" + i, WireFormat.encode(results.get(i)));
    }
    return files;
  }

  /** Writes the fixtures of the wire version of the classes it runs with: {@code args[0]} is the directory. */
  public static void main(String[] args) throws Exception {
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : encoded().entrySet()) {
      java.nio.file.Files.writeString(dir.resolve(e.getKey() + ".hex"),
          java.util.HexFormat.of().formatHex(e.getValue()) + "\n", StandardCharsets.US_ASCII);
    }
  }
}
