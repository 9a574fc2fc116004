package io.postfleet.systemtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real mail loop through the packaged services: a transport that sends {@code remote.test} back
 * to our own smtp-ingress. outbound-relay greets with its own name here (not smtp-ingress's), so
 * the loop is caught by the hop count: each round adds one Received:, smtp-ingress takes the
 * message 50 times (hopcount_limit) and refuses the 51st with 554 5.4.6, and the sender gets
 * exactly one bounce. Then postmaster (RFC 5321 §4.5.1): the bare name and postmaster@ our domain
 * reach the postmaster mailbox set in /api/v1/settings.
 */
class MailLoopIT {
  private static final String DOMAIN = "mail.example.test";
  private static final String SENDER = "request@" + DOMAIN;
  private static RunningSuite suite;

  @BeforeAll
  static void startSuite() throws Exception {
    suite = new RunningSuite();
    assertEquals(201, suite.post("/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}"));
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"" + SENDER + "\"}"));
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"admin@" + DOMAIN + "\"}"));
    assertEquals(201, suite.post("/api/v1/transports",
        "{\"pattern\":\"remote.test\",\"kind\":\"SMTP\",\"nexthop\":\"[127.0.0.1]:" + suite.smtpPort + "\"}"));
  }

  @AfterAll
  static void stopSuite() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void aTransportBackToOurselvesEndsInOneBounceAfterHopcountLimitArrivals() throws Exception {
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcpt(SENDER, "someone@remote.test").startsWith("250"));
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO " + DOMAIN).expect("250 ");
      smtp.send("MAIL FROM:<" + SENDER + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<someone@remote.test>").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw("Subject: round and round\r\n\r\nwhere does it end?\r\n".getBytes(StandardCharsets.US_ASCII))
          .send(".");
      smtp.expect("250 2.0.0");
      smtp.send("QUIT").expect("221 ");
    }

    Path inbox = suite.maildirNew(DOMAIN, "request");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> files(inbox).size() >= 1);
    // Long enough for a second bounce or a further round, were there to be one.
    Thread.sleep(3_000);
    List<Path> bounces = files(inbox);
    assertEquals(1, bounces.size(), bounces.toString());
    String dsn = Files.readString(bounces.get(0), StandardCharsets.UTF_8);
    assertTrue(dsn.contains("Status: 5.4.6"), dsn);
    assertTrue(dsn.contains("Too many hops"), dsn);

    String log = Files.readString(suite.workDir.resolve("log/smtp-ingress.log"), StandardCharsets.UTF_8);
    long arrivals = log.lines().filter(l -> l.contains("from=<" + SENDER + ">, size=")).count();
    assertEquals(50, arrivals, "one arrival per hop, up to hopcount_limit");
    assertEquals(1, log.lines().filter(l -> l.contains("message rejected: hopcount exceeded")).count());
  }

  @Test
  void postmasterOfOurDomainAndTheBareOneReachThePostmasterMailbox() throws Exception {
    assertTrue(rcpt("someone@outside.test", "<Postmaster>").startsWith("550 5.1.1"),
        "no postmaster configured yet");
    assertEquals(200, suite.put("/api/v1/settings", "{\"postmaster\":\"admin@" + DOMAIN + "\"}").statusCode());
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcpt("someone@outside.test", "<Postmaster>").startsWith("250"));
    assertTrue(rcpt("someone@outside.test", "<POSTMASTER@" + DOMAIN + ">").startsWith("250"));
    try (SmtpConversation smtp = SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO client.test").expect("250 ");
      smtp.send("MAIL FROM:<someone@outside.test>").expect("250 2.1.0");
      smtp.send("RCPT TO:<postmaster>").expect("250 2.1.5");
      smtp.send("RCPT TO:<postmaster@" + DOMAIN + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw("Subject: abuse report\r\n\r\nhello postmaster\r\n".getBytes(StandardCharsets.US_ASCII)).send(".");
      smtp.expect("250 2.0.0");
      smtp.send("QUIT").expect("221 ");
    }
    Path inbox = suite.maildirNew(DOMAIN, "admin");
    await().atMost(Duration.ofSeconds(30)).until(() -> files(inbox).size() == 1);
    assertTrue(Files.readString(files(inbox).get(0), StandardCharsets.UTF_8).endsWith("hello postmaster\n"));
  }

  /** The reply to RCPT for {@code to}, from an outsider (127.0.0.3) unless the recipient is remote. */
  private static String rcpt(String from, String to) throws IOException {
    boolean remote = to.endsWith("remote.test");
    try (SmtpConversation smtp = remote
        ? SmtpConversation.open(suite.smtpPort)
        : SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("HELO client.test").expect("250 ");
      smtp.send("MAIL FROM:<" + from + ">").expect("250 ");
      String reply = smtp.send("RCPT TO:" + (to.startsWith("<") ? to : "<" + to + ">")).expect("");
      smtp.send("QUIT").expect("221 ");
      return reply;
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
