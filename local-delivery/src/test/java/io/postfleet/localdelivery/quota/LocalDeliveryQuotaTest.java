package io.postfleet.localdelivery.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxUsage;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.postfleet.localdelivery.maildir.MailboxPath;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Jobs for a mailbox with a quota, through the real broker: what fits is delivered and counted in
 * maildirsize, what would overrun the quota bounces with 5.2.2 and is not written, each result
 * carries the usage, and a replay of a delivered job is not refused for the space its own copy takes.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@TestProfile(LocalDeliveryQuotaTest.TempMaildir.class)
class LocalDeliveryQuotaTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path ROOT = Path.of("target", "quota-test-mail");

  /** Maildirs under target/, and an HTTP port of the OS's choosing. */
  public static class TempMaildir implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.maildir.root", ROOT.toString(), "quarkus.http.test-port", "0");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aMessageThatWouldOverrunTheQuotaBouncesWith522() throws Exception {
    String mailbox = "full-" + UUID.randomUUID().toString().substring(0, 8) + "@quota.example.test";
    Path maildir = MailboxPath.of(ROOT.toAbsolutePath(), mailbox);
    LocalDeliveryJob fits = job(mailbox, 600);
    LocalDeliveryJob overruns = job(mailbox, 600);

    DeliveryResult first = deliver(fits);
    assertInstanceOf(DeliveryOutcome.Delivered.class, first.outcome(), first.outcome().toString());
    long fileSize = onlyMessage(maildir);
    assertEquals(new MailboxUsage(fileSize, 1), first.facts().usage());
    assertEquals("1000S\n" + fileSize + " 1\n", Files.readString(maildir.resolve("maildirsize")));

    DeliveryResult second = deliver(overruns);
    DeliveryOutcome.Bounced bounced = assertInstanceOf(DeliveryOutcome.Bounced.class, second.outcome());
    assertEquals("5.2.2", bounced.dsnStatus());
    assertTrue(bounced.detail().startsWith("mailbox full"), bounced.detail());
    assertEquals(new MailboxUsage(fileSize, 1), second.facts().usage());
    assertEquals(fileSize, onlyMessage(maildir), "the bounced message was not written");

    // The first job again, as after a crash before the commit: its copy is there, so it is not refused.
    DeliveryResult replay = deliver(fits);
    assertInstanceOf(DeliveryOutcome.Delivered.class, replay.outcome(), replay.outcome().toString());
    assertTrue(replay.outcome().detail().startsWith("already in maildir"), replay.outcome().detail());
    assertEquals(new MailboxUsage(fileSize, 1), replay.facts().usage(), "counted once");
  }

  @Test
  void aMailboxWithoutQuotaHasNoAccounting() throws Exception {
    String mailbox = "free-" + UUID.randomUUID().toString().substring(0, 8) + "@quota.example.test";
    LocalDeliveryJob job = new LocalDeliveryJob(queueId(), "s@example.test", mailbox, mailbox, EsmtpOptions.NONE,
        Instant.now(), content(5000), "", 0);

    DeliveryResult result = deliver(job);

    assertInstanceOf(DeliveryOutcome.Delivered.class, result.outcome());
    assertEquals(MailboxUsage.UNKNOWN, result.facts().usage());
    assertFalse(Files.exists(MailboxPath.of(ROOT.toAbsolutePath(), mailbox).resolve("maildirsize")));
  }

  private static LocalDeliveryJob job(String mailbox, int bytes) {
    return new LocalDeliveryJob(queueId(), "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE,
        Instant.now(), content(bytes), "", 1000);
  }

  private static String queueId() {
    return "Q" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  private static byte[] content(int bytes) {
    String head = "Subject: quota\r\n\r\n";
    return (head + "x".repeat(bytes - head.length() - 2) + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static long onlyMessage(Path maildir) throws Exception {
    try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all.toString());
      return Files.size(all.get(0));
    }
  }

  /** Times each queue id was sent: a consumer reading the topic from the start waits for that many results. */
  private final Map<String, Integer> sent = new HashMap<>();

  /** Sends the job and waits for its result (after a replay, the newest of its results). */
  private DeliveryResult deliver(LocalDeliveryJob job) throws Exception {
    int expected = sent.merge(job.queueId(), 1, Integer::sum);
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, job.mailbox(), WireFormat.encode(job))).get();
    }
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(Topics.DELIVERY_RESULTS));
      int seen = 0;
      DeliveryResult last = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          // A bounce's returned job follows its result on the same topic; only results count here.
          if (job.queueId().equals(r.key()) && !WireFormat.isReturnedJob(r.value())
              && !WireFormat.isDeliveredJob(r.value())) {
            last = WireFormat.decodeResult(r.value());
            seen++;
          }
        }
        if (seen == expected) {
          return last;
        }
      }
      throw new AssertionError("no result for " + job.queueId());
    }
  }
}
