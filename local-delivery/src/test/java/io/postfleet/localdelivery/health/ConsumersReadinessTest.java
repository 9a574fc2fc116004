package io.postfleet.localdelivery.health;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.Topics;
import io.postfleet.contract.WireFormat;
import io.postfleet.devstack.DevstackTestResource;
import io.postfleet.kafka.DurableKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * local-delivery on real Kafka with a mailbox it cannot write for a cause that is not the job's (a
 * file stands where the domain's directory belongs, as a broken volume would): the job waits, is
 * never set aside, the consumer's oldest uncommitted record ages on /q/metrics, and readiness goes
 * DOWN past postfleet.consumers.stuck-after; once the path is fixed the job is delivered and
 * readiness is UP again.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@TestProfile(ConsumersReadinessTest.QuickToCallStuck.class)
class ConsumersReadinessTest {
  private static final Path ROOT = Path.of("target/stuck-test-mail").toAbsolutePath();
  private static final Pattern AGE = Pattern.compile(
      "postfleet_consumer_oldest_uncommitted_age_seconds\\{group=\"local-delivery\",topic=\"postfleet.delivery.local\"} ([0-9.E]+)");

  /** A stuck consumer is called so after 3 seconds. */
  public static class QuickToCallStuck implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("postfleet.maildir.root", ROOT.toString(), "postfleet.consumers.stuck-after", "3s",
          "quarkus.http.test-port", "0");
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @Test
  void aConsumerWaitingOnABrokenVolumeIsReportedUnreadyUntilItRecovers() throws Exception {
    String domain = "stuck-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
    Path blocker = ROOT.resolve(domain);
    Files.createDirectories(ROOT);
    Files.writeString(blocker, "a file where a directory belongs", StandardCharsets.UTF_8);
    String queueId = "S" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    String mailbox = "inbox@" + domain;
    try (KafkaProducer<String, byte[]> producer = DurableKafka.producer(DurableKafka.at(bootstrap), "test",
        Duration.ofSeconds(10))) {
      producer.send(new ProducerRecord<>(Topics.DELIVERY_LOCAL, mailbox, WireFormat.encode(new LocalDeliveryJob(queueId,
          "sender@example.test", mailbox, mailbox, EsmtpOptions.NONE, Instant.now(),
          "Subject: stuck\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), "")))).get();
    }
    try {
      until(Duration.ofSeconds(30), () -> given().get("/q/health/ready").statusCode() == 503);
      JsonPath health = given().get("/q/health/ready").then().extract().jsonPath();
      assertTrue(health.getString("checks.find { it.name == 'kafka-consumers' }.status").equals("DOWN"),
          health.prettify());
      double age = age();
      assertTrue(age > 3, "age of the oldest uncommitted record: " + age);
    } finally {
      Files.delete(blocker);
    }
    until(Duration.ofSeconds(30), () -> Files.isDirectory(ROOT.resolve(domain).resolve("inbox/Maildir/new"))
        && newMail(ROOT.resolve(domain).resolve("inbox/Maildir/new")));
    until(Duration.ofSeconds(30), () -> given().get("/q/health/ready").statusCode() == 200);
    until(Duration.ofSeconds(10), () -> age() == 0);
  }

  private static void until(Duration wait, Check check) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + wait);
      }
      Thread.sleep(200);
    }
  }

  private static boolean newMail(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.findAny().isPresent();
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static double age() {
    Matcher m = AGE.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
    if (!m.find()) {
      throw new AssertionError("no postfleet_consumer_oldest_uncommitted_age_seconds for local-delivery");
    }
    return Double.parseDouble(m.group(1));
  }
}
