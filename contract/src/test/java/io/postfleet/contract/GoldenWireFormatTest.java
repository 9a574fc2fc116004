package io.postfleet.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records stored on Kafka outlive the code that wrote them: the fixtures under {@code wire/v<N>/}
 * are {@link GoldenRecords} as the code of wire version N wrote them (version 5 by commit be984c0,
 * version 6 by today's). Every version must still decode to the same records, and today's code must
 * write today's bytes exactly, so a reordered enum or a moved field fails here, not in production.
 */
class GoldenWireFormatTest {
  /** How each fixture is read, and written again with today's code to compare. */
  private record Codec(Function<byte[], ?> decode, Function<Object, byte[]> encode) {}

  private static final Map<String, Codec> CODECS = Map.of(
      "inbound", new Codec(WireFormat::decodeInbound, r -> WireFormat.encode((InboundMessage) r)),
      "local-job", new Codec(WireFormat::decodeLocalJob, r -> WireFormat.encode((LocalDeliveryJob) r)),
      "relay-job", new Codec(WireFormat::decodeRelayJob, r -> WireFormat.encode((RelayDeliveryJob) r)),
      "returned-job", new Codec(WireFormat::decodeReturnedJob, r -> WireFormat.encodeReturned((RelayDeliveryJob) r)),
      "delivered-job",
      new Codec(WireFormat::decodeDeliveredJob, r -> WireFormat.encodeDelivered((RelayDeliveryJob) r)),
      "result-0", new Codec(WireFormat::decodeResult, r -> WireFormat.encode((DeliveryResult) r)),
      "result-1", new Codec(WireFormat::decodeResult, r -> WireFormat.encode((DeliveryResult) r)),
      "result-2", new Codec(WireFormat::decodeResult, r -> WireFormat.encode((DeliveryResult) r)));

  @ParameterizedTest
  @ValueSource(ints = {5, 6})
  void everyStoredVersionDecodesToTheSameRecords(int version) throws IOException {
    Map<String, byte[]> expected = GoldenRecords.encoded();
    assertEquals(CODECS.keySet(), expected.keySet());
    for (String name : expected.keySet()) {
      byte[] stored = fixture(version, name);
      assertEquals(version, stored[3], name + ": the fixture's version byte");
      Codec codec = CODECS.get(name);
      // Records with byte[] fields compare by reference, so compare what today's code writes for each.
      assertArrayEquals(expected.get(name), codec.encode().apply(codec.decode().apply(stored)),
          "v" + version + " " + name);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {WireFormat.VERSION})
  void todaysCodeWritesTodaysFixturesByteForByte(int version) throws IOException {
    for (Map.Entry<String, byte[]> e : GoldenRecords.encoded().entrySet()) {
      assertArrayEquals(fixture(version, e.getKey()), e.getValue(), e.getKey());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {5, 6})
  void resultsKeepTheirOutcomeKindAndFacts(int version) throws IOException {
    List<DeliveryResult> results = GoldenRecords.results();
    for (int i = 0; i < results.size(); i++) {
      DeliveryResult decoded = WireFormat.decodeResult(fixture(version, "result-" + i));
      assertEquals(results.get(i), decoded);
    }
  }

  private static byte[] fixture(int version, String name) throws IOException {
    String path = "/wire/v" + version + "/" + name + ".hex";
    try (InputStream in = GoldenWireFormatTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new AssertionError("no fixture " + path);
      }
      return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }
}
