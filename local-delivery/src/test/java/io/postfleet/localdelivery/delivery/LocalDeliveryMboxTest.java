package io.postfleet.localdelivery.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.contract.DeliveryResult;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
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
import java.util.ArrayList;
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
 * Jobs on a real postfleet.delivery.local go to the mailbox's format: an mbox job appends to
 * {@code <home>/Mailbox}, a Maildir job links a file into {@code Maildir/new/}, both with LF line
 * ends; a job published a second time adds no second copy to either.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@TestProfile(LocalDeliveryMboxTest.TempMail.class)
class LocalDeliveryMboxTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path ROOT = Path.of("target/mbox-test-mail");

  public static class TempMail implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.maildir.root", ROOT.toString(), "quarkus.http.test-port", "0");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void eachMailboxGetsItsFormatOnceWithLfLineEnds() throws Exception {
    String domain = "t" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
    String q1 = queueId();
    String q2 = queueId();
    String q3 = queueId();
    byte[] content = "Subject: mbox\r\n\r\nFrom the fleet\r\nbye\r\n".getBytes(StandardCharsets.US_ASCII);
    LocalDeliveryJob first = job(q1, "ann@" + domain, content, MailboxFormat.MBOX);
    LocalDeliveryJob second = job(q2, "ann@" + domain, content, MailboxFormat.MBOX);
    LocalDeliveryJob maildir = job(q3, "bob@" + domain, content, MailboxFormat.MAILDIR);
    send(first, second, maildir);
    awaitDelivered(List.of(q1, q2, q3), 1);
    send(first, maildir);
    List<DeliveryResult> again = awaitDelivered(List.of(q1, q3), 2);

    for (DeliveryResult r : again) {
      DeliveryOutcome.Delivered d = (DeliveryOutcome.Delivered) r.outcome();
      assertTrue(d.detail().startsWith("already in " + (r.queueId().equals(q1) ? "mailbox" : "maildir")), d.detail());
    }
    String mbox = Files.readString(ROOT.resolve(domain).resolve("ann/Mailbox"), StandardCharsets.UTF_8);
    assertEquals(2, mbox.split("(?m)^From ", -1).length - 1, mbox);
    assertTrue(mbox.startsWith("From sender@example.test  "), mbox);
    assertTrue(mbox.contains("\nDelivered-To: ann@" + domain + "\nSubject: mbox\n\n>From the fleet\nbye\n\nFrom "),
        mbox);
    assertTrue(mbox.endsWith("\n>From the fleet\nbye\n\n"), mbox);
    assertFalse(mbox.contains("\r"), mbox);

    Path fresh = ROOT.resolve(domain).resolve("bob/Maildir/new");
    try (Stream<Path> files = Files.list(fresh)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size());
      byte[] stored = Files.readAllBytes(all.get(0));
      assertEquals("Return-Path: <sender@example.test>\nDelivered-To: bob@" + domain
          + "\nSubject: mbox\n\nFrom the fleet\nbye\n", new String(stored, StandardCharsets.US_ASCII));
      assertTrue(all.get(0).getFileName().toString().endsWith(",S=" + stored.length));
    }
  }

  private static String queueId() {
    return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
  }

  private static LocalDeliveryJob job(String queueId, String mailbox, byte[] content, MailboxFormat format) {
    return new LocalDeliveryJob(queueId, "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE, Instant.now(),
        content, "", format, "", 0);
  }

  private void send(LocalDeliveryJob... jobs) throws Exception {
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test", WAIT)) {
      for (LocalDeliveryJob job : jobs) {
        producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, job.mailbox(), WireFormat.encode(job))).get();
      }
    }
  }

  /** The newest result of each queue id once it has {@code rounds} results (one per time it was sent). */
  private List<DeliveryResult> awaitDelivered(List<String> queueIds, int rounds) {
    List<DeliveryResult> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = DurableKafka.consumer(DurableKafka.at(bootstrap),
        "test-" + UUID.randomUUID(), 500)) {
      consumer.subscribe(List.of(Topics.DELIVERY_RESULTS));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
          if (queueIds.contains(r.key()) && !WireFormat.isDeliveredJob(r.value())) {
            found.add(WireFormat.decodeResult(r.value()));
          }
        }
        List<DeliveryResult> latest = new ArrayList<>();
        for (String q : queueIds) {
          List<DeliveryResult> of = found.stream().filter(d -> d.queueId().equals(q)).toList();
          if (of.size() >= rounds) {
            latest.add(of.get(of.size() - 1));
          }
        }
        if (latest.size() == queueIds.size()) {
          latest.forEach(d -> assertTrue(d.outcome() instanceof DeliveryOutcome.Delivered, d.toString()));
          return latest;
        }
      }
    }
    throw new AssertionError("not " + rounds + " results for each of " + queueIds + ", found " + found);
  }
}
