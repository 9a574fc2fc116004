package io.postfleet.outboundrelay.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.devstack.PostgresServer;
import io.postfleet.maps.dkim.DkimKeyRepository;
import io.postfleet.maps.dkim.DkimKeySealer;
import io.postfleet.maps.dkim.DkimPrivateKey;
import io.postfleet.maps.dkim.StoredDkimKey;
import io.postfleet.outboundrelay.dkim.DkimKeyTable;
import io.postfleet.outboundrelay.dkim.DkimSigner;
import io.postfleet.outboundrelay.dkim.DkimSigning;
import io.postfleet.outboundrelay.dkim.LiveDkimKeys;
import io.postfleet.testkit.SmtpSink;
import io.postfleet.testkit.TestDnsServer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Keys written to a real PostgreSQL, migrated by queue-manager's own Flyway scripts, with the
 * repository the admin API writes through: the relay signs with them within a refresh, stops when
 * they go, and never sends mail unsigned for a domain whose key it cannot use. Signatures are
 * checked by Apache jDKIM against the TXT record served by the test DNS server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseDkimKeysTest {
  private static final Path MIGRATIONS = Path.of("../queue-manager/src/main/resources/db/migration");
  private static final String DOMAIN = "mail.example.test";
  private static final DkimKeySealer SEALER = DkimKeySealer
      .fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

  private static PostgresServer postgres;
  private static PGSimpleDataSource dataSource;
  private static DkimKeyRepository repository;

  private TestDnsServer dns;
  private SmtpSink mx;
  private LiveDkimKeys keys;
  private TestRelay relay;

  @BeforeAll
  static void database() {
    postgres = PostgresServer.startTemporary(Path.of("target", "postgres"));
    dataSource = new PGSimpleDataSource();
    dataSource.setURL(postgres.jdbcUrl());
    dataSource.setUser(postgres.username());
    dataSource.setPassword(postgres.password());
    Flyway.configure().dataSource(dataSource).locations("filesystem:" + MIGRATIONS.toAbsolutePath()).load().migrate();
    repository = new DkimKeyRepository(dataSource);
  }

  @AfterAll
  static void stopDatabase() {
    if (postgres != null) {
      postgres.stop();
    }
  }

  @BeforeEach
  void relay() throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("delete from dkim_key");
    }
    dns = TestDnsServer.start();
    mx = SmtpSink.start();
    keys = new LiveDkimKeys(dataSource, Optional.of(SEALER), Duration.ofMillis(100));
    keys.start();
    relay = new TestRelay(dns, mx.port()).signing(new DkimSigning(keys::current, new DkimSigner(Clock.systemUTC())));
  }

  @AfterEach
  void close() {
    relay.close();
    keys.close();
    mx.close();
    dns.close();
  }

  @Test
  @Order(1)
  void aStoredKeySignsWithinARefreshAndADeletedOneStopsSigning() throws Exception {
    assertFalse(isSigned(awaitMessage(false, Duration.ZERO)), "no key yet");
    StoredDkimKey key = StoredDkimKey.sealed(DOMAIN, "s2026", DkimPrivateKey.generate("rsa-sha256"), SEALER);
    repository.save(key, false).orElseThrow();
    publish(key);

    byte[] signed = awaitMessage(true, Duration.ofSeconds(2));
    assertEquals(1, jdkim().verify(new ByteArrayInputStream(signed)).size(), "jDKIM verifies against DNS");
    assertTrue(dns.queries().contains("s2026._domainkey." + DOMAIN + ". TXT"), dns.queries().toString());

    repository.delete(DOMAIN);
    awaitMessage(false, Duration.ofSeconds(2));
  }

  @Test
  @Order(2)
  void aKeyInAMountedFileSigns(@TempDir Path dir) throws Exception {
    DkimPrivateKey pem = DkimPrivateKey.generate("rsa-sha256");
    Path file = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pem.pkcs8()) + "\n-----END PRIVATE KEY-----\n");
    StoredDkimKey key = StoredDkimKey.file(DOMAIN, "mounted", pem, file.toString());
    repository.save(key, false).orElseThrow();
    publish(key);

    byte[] signed = awaitMessage(true, Duration.ofSeconds(2));
    assertEquals(1, jdkim().verify(new ByteArrayInputStream(signed)).size());
  }

  @Test
  @Order(3)
  void aKeyThatCannotBeOpenedDefersInsteadOfSendingUnsigned() throws Exception {
    DkimKeySealer otherMaster = DkimKeySealer.fromBase64(Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32}));
    repository.save(StoredDkimKey.sealed(DOMAIN, "s1", DkimPrivateKey.generate("ed25519-sha256"), otherMaster), false)
        .orElseThrow();
    awaitDeferred(Duration.ofSeconds(2));
    int sent = mx.messages().size();

    // A row sealed for another domain and copied onto this one does not open either (AAD).
    StoredDkimKey foreign = StoredDkimKey.sealed("other.test", "s1", DkimPrivateKey.generate("ed25519-sha256"), SEALER);
    DkimKeyTable before = keys.current();
    repository.save(new StoredDkimKey(DOMAIN, "s1", foreign.algorithm(), foreign.publicKey(), null, foreign.nonce(),
        foreign.sealedKey(), null), true).orElseThrow();
    // The keys are reloaded only when the change counter moves, so a new table has read the row.
    await().atMost(Duration.ofSeconds(5)).until(() -> keys.current() != before);
    DeliveryResult result = send();
    assertEquals("4.3.0", result.outcome().dsnStatus(), TestRelay.show(List.of(result)).toString());
    assertTrue(result.outcome().detail().contains("DKIM key of " + DOMAIN), result.outcome().detail());
    assertEquals(sent, mx.messages().size(), "nothing went out unsigned once the key was known");
  }

  /** Last: it stops the database. */
  @Test
  @Order(4)
  void theLastKeysKeepSigningWhilePostgresqlIsDown() throws Exception {
    StoredDkimKey key = StoredDkimKey.sealed(DOMAIN, "s2026", DkimPrivateKey.generate("rsa-sha256"), SEALER);
    repository.save(key, false).orElseThrow();
    publish(key);
    awaitMessage(true, Duration.ofSeconds(2));

    postgres.stop();
    postgres = null;
    await("the refresh noticed the outage").atMost(Duration.ofSeconds(5)).until(() -> !keys.fresh());
    assertTrue(keys.loaded(), "readiness holds");
    int before = mx.messages().size();
    send();
    byte[] signed = mx.messages().get(before).data();
    assertEquals(1, jdkim().verify(new ByteArrayInputStream(signed)).size());
  }

  private DeliveryResult send() {
    String message = "From: info@" + DOMAIN + "\r\nTo: a@outside.test\r\nSubject: signed?\r\n\r\nHello.\r\n";
    return relay.deliver(TestRelay.job("[127.0.0.1]:" + mx.port(), EsmtpOptions.NONE,
        message.getBytes(StandardCharsets.US_ASCII), "a@outside.test")).get(0);
  }

  /**
   * Sends until a message arrives signed (or unsigned) as wanted, and returns it. Each try is a
   * real SMTP delivery (the first one of a test is slow to start), hence the slack beyond
   * {@code within}, the time the change may take to reach the relay.
   */
  private byte[] awaitMessage(boolean wantSigned, Duration within) {
    AtomicReference<byte[]> last = new AtomicReference<>();
    await("a message " + (wantSigned ? "signed" : "unsigned")).atMost(within.plusSeconds(5))
        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(() -> {
          int before = mx.messages().size();
          DeliveryResult result = send();
          assertEquals("sent", result.outcome().statusWord(), TestRelay.show(List.of(result)).toString());
          last.set(mx.messages().get(before).data());
          return isSigned(last.get()) == wantSigned;
        });
    return last.get();
  }

  private void awaitDeferred(Duration within) {
    await("deferred").atMost(within.plusSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
        .until(() -> send().outcome().statusWord().equals("deferred"));
  }

  private static boolean isSigned(byte[] data) {
    return new String(data, StandardCharsets.US_ASCII).startsWith("DKIM-Signature:");
  }

  /** Publishes the record as a zone would: strings of at most 255 characters (RFC 1035 §3.3.14). */
  private void publish(StoredDkimKey key) {
    List<String> strings = new ArrayList<>();
    String text = key.txtValue();
    for (int i = 0; i < text.length(); i += 255) {
      strings.add(text.substring(i, Math.min(text.length(), i + 255)));
    }
    dns.txt(key.dnsName(), strings);
  }

  /** jDKIM asking the test DNS server, joining a record's strings as RFC 6376 §3.6.2.2 says. */
  private DKIMVerifier jdkim() {
    PublicKeyRecordRetriever fromDns = (method, selector, domain) -> {
      try {
        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dns.port());
        Lookup lookup = new Lookup(selector + "._domainkey." + domain + ".", Type.TXT);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] answers = lookup.run();
        List<String> records = new ArrayList<>();
        for (Record answer : answers == null ? new Record[0] : answers) {
          records.add(String.join("", ((TXTRecord) answer).getStrings()));
        }
        return records;
      } catch (Exception e) {
        throw new TempFailException(e.getMessage());
      }
    };
    return new DKIMVerifier(fromDns);
  }
}
