package io.postfleet.systemtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.testkit.SinkMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The seed tutorial's scenario against the four packaged services, real Kafka and real PostgreSQL:
 * its telnet sessions typed as the tutorial types them, over a raw socket; then the suite's promises
 * under change and under crashes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedScenarioIT {
  private static final String DOMAIN = "mail.example.test";
  private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([A-Za-z0-9]+)");
  private static RunningSuite suite;

  @BeforeAll
  static void startSuite() throws Exception {
    suite = new RunningSuite();
    assertEquals(201, suite.post("/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}"));
    assertEquals(201,
        suite.post("/api/v1/mailboxes", "{\"address\":\"info@" + DOMAIN + "\",\"receiveEnabled\":false}"));
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"request@" + DOMAIN + "\"}"));
    // smtp-ingress sees map changes within its refresh interval; the scenario starts once it has
    // seen the last of them (snapshots are whole, so it then knows info@ too).
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcptCode("request@" + DOMAIN).equals("250"));
  }

  @AfterAll
  static void stopSuite() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  @Order(1)
  void theTutorialsTelnetSessionLandsInRequestsMaildirByteForByte() throws Exception {
    String body = "Subject: notice\r\n\r\nmail from info to request.\r\n..a line that began with a dot\r\n";
    String queueId = awaitAccepted(() -> {
      try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
        smtp.expect("220 ");
        smtp.send("EHLO " + DOMAIN).expect("250 ");
        smtp.send("MAIL FROM:info@" + DOMAIN).expect("250 2.1.0");
        smtp.send("RCPT TO:request@" + DOMAIN).expect("250 2.1.5");
        smtp.send("DATA").expect("354 ");
        smtp.sendRaw(body.getBytes(StandardCharsets.US_ASCII)).send(".");
        String queued = smtp.expect("250 2.0.0");
        smtp.send("QUIT").expect("221 2.0.0");
        return queued;
      }
    });

    Path file = awaitOneFile(suite.maildirNew(DOMAIN, "request"), queueId);
    String stored = Files.readString(file, StandardCharsets.US_ASCII);
    // Stored with LF line ends, as every Maildir reader expects (Postfix's local(8) writes them so).
    String unstuffed = "Subject: notice\n\nmail from info to request.\n.a line that began with a dot\n";
    assertTrue(
        stored.startsWith("Return-Path: <info@" + DOMAIN + ">\nDelivered-To: request@" + DOMAIN + "\nReceived: from "),
        stored);
    assertTrue(stored.contains("id " + queueId), stored);
    // The client is trusted, so its message gets what it lacks (Postfix's cleanup), after its own fields.
    String added = "\nSubject: notice\nDate: [^\n]+\nMessage-ID: <\\d{14}\\." + queueId
        + "@mx\\.mail\\.example\\.test>\nFrom: info@mail\\.example\\.test\n\n";
    assertTrue(Pattern.compile(added).matcher(stored).find(), stored);
    assertTrue(stored.endsWith(unstuffed.substring(unstuffed.indexOf("\n\n"))),
        "the body must arrive as sent, dot-unstuffed:\n" + stored);
  }

  @Test
  @Order(2)
  void aSendOnlyAddressAndAnUnknownUserAreRejectedAtRcptWith511() throws Exception {
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO client.test").expect("250 ");
      smtp.send("MAIL FROM:<someone@" + RunningSuite.OUTSIDE_DOMAIN + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<info@" + DOMAIN + ">").expect("550 5.1.1");
      smtp.send("RCPT TO:<nobody@" + DOMAIN + ">").expect("550 5.1.1");
      smtp.send("QUIT").expect("221 ");
    }
  }

  @Test
  @Order(3)
  void anOutsiderCannotRelayButMayMailOurUsers() throws Exception {
    try (SmtpConversation smtp = SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO spacex.com").expect("250 ");
      smtp.send("MAIL FROM:elon.musk@spacex.com").expect("250 2.1.0");
      smtp.send("RCPT TO:<someone@" + RunningSuite.OUTSIDE_DOMAIN + ">").expect("554 5.7.1");
      smtp.send("RCPT TO:request@" + DOMAIN).expect("250 2.1.5");
      smtp.send("QUIT").expect("221 ");
    }
  }

  @Test
  @Order(4)
  void anAliasReachesItsTargetMailbox() throws Exception {
    assertEquals(201, suite.post("/api/v1/aliases",
        "{\"address\":\"requests@" + DOMAIN + "\",\"targets\":[\"request@" + DOMAIN + "\"]}"));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcptCode("requests@" + DOMAIN).equals("250"));
    String queueId = awaitAccepted(() -> sendSimple("someone@" + RunningSuite.OUTSIDE_DOMAIN, "requests@" + DOMAIN,
        "Subject: via alias\r\n\r\nhello alias\r\n"));
    String stored = Files.readString(awaitOneFile(suite.maildirNew(DOMAIN, "request"), queueId),
        StandardCharsets.US_ASCII);
    assertTrue(stored.contains("Delivered-To: request@" + DOMAIN + "\n"), stored);
    assertTrue(stored.endsWith("hello alias\n"), stored);
  }

  @Test
  @Order(5)
  void mailFromInfoToAnOutsideAddressIsRelayedToTheDomainsMx() throws Exception {
    String onTheWire = "Subject: SMTP post is ready\r\n\r\nHello there! SMTP post is ready! Read it!\r\n..dot first\r\n";
    String queueId = awaitAccepted(
        () -> sendSimple("info@" + DOMAIN, "reader@" + RunningSuite.OUTSIDE_DOMAIN, onTheWire));
    List<SinkMessage> received = suite.outsideMx.awaitMessages(1, Duration.ofSeconds(30));
    SinkMessage message = received.get(received.size() - 1);
    assertEquals("info@" + DOMAIN, message.mailFrom());
    assertEquals(List.of("reader@" + RunningSuite.OUTSIDE_DOMAIN), message.recipients());
    String text = new String(message.data(), StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("Received: from "), text);
    assertTrue(text.contains("id " + queueId), text);
    assertTrue(text.contains("\r\nSubject: SMTP post is ready\r\nDate: "), text);
    assertTrue(text.endsWith("\r\nFrom: info@" + DOMAIN + "\r\n\r\nHello there! SMTP post is ready! Read it!\r\n"
        + ".dot first\r\n"), "relayed bytes must be the received ones, dot-unstuffed:\n" + text);
    await().atMost(Duration.ofSeconds(15))
        .until(() -> suite.get("/api/v1/messages/" + queueId + "/deliveries").body().contains("\"status\":\"sent\""));
  }

  @Test
  @Order(6)
  void aMailboxCreatedOrDeletedThroughTheApiIsHonouredAtRcptWithinTwoSeconds() throws Exception {
    String address = "newcomer@" + DOMAIN;
    assertEquals("550", rcptCode(address));
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"" + address + "\"}"));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcptCode(address).equals("250"));
    assertEquals(204, suite.delete("/api/v1/mailboxes/" + address));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcptCode(address).equals("550"));
  }

  /**
   * Mail keeps flowing to an alias while the alias is pointed elsewhere through the API: every
   * message accepted before the change reaches the old target, every message accepted more than the
   * bound (2 s) after it reaches the new one, none is lost, and none reaches both.
   */
  @Test
  @Order(7)
  void anAliasChangedWhileMailFlowsTakesEffectWithinTwoSeconds() throws Exception {
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"desk-new@" + DOMAIN + "\"}"));
    assertEquals(201, suite.post("/api/v1/aliases",
        "{\"address\":\"desk@" + DOMAIN + "\",\"targets\":[\"request@" + DOMAIN + "\"]}"));
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .until(() -> rcptCode("desk@" + DOMAIN).equals("250"));

    List<Sent> sent = new ArrayList<>();
    long changedAt = 0;
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < end) {
      if (changedAt == 0 && !sent.isEmpty() && System.nanoTime() - sent.get(0).acceptedAt() > 1_500_000_000L) {
        HttpResponse<String> put = suite.put("/api/v1/aliases/desk@" + DOMAIN,
            "{\"targets\":[\"desk-new@" + DOMAIN + "\"]}");
        assertEquals(200, put.statusCode(), put.body());
        changedAt = System.nanoTime();
      }
      Matcher m = QUEUED.matcher(sendSimple("flow@" + RunningSuite.OUTSIDE_DOMAIN, "desk@" + DOMAIN,
          "Subject: flowing\r\n\r\nmessage " + sent.size() + "\r\n"));
      assertTrue(m.find());
      sent.add(new Sent(m.group(1), System.nanoTime()));
    }
    assertTrue(changedAt != 0 && sent.size() > 10, "too few messages to show anything: " + sent.size());

    long bound = Duration.ofSeconds(2).toNanos();
    int checkedOld = 0;
    int checkedNew = 0;
    for (Sent message : sent) {
      List<Path> file = awaitFileIn(message.queueId(), "request", "desk-new");
      boolean inNew = file.get(0).toString().contains("/desk-new/");
      if (message.acceptedAt() < changedAt) {
        assertTrue(!inNew, message + " was accepted before the change but reached the new target");
        checkedOld++;
      } else if (message.acceptedAt() > changedAt + bound) {
        assertTrue(inNew, message + " was accepted after the bound but reached the old target");
        checkedNew++;
      }
    }
    assertTrue(checkedOld > 0 && checkedNew > 0, "old " + checkedOld + ", new " + checkedNew);
  }

  /**
   * A remote that answers 451 defers the recipient into queue-manager's deferred queue, where the
   * queue API lists it as deferred with the remote's reply; once the remote recovers, a flush
   * delivers it and the message leaves the queue.
   */
  @Test
  @Order(8)
  void aDeferredRecipientWaitsInTheQueueAndIsDeliveredWhenFlushed() throws Exception {
    String later = "later@" + RunningSuite.OUTSIDE_DOMAIN;
    suite.outsideMx.rcptReply(later, "451 4.2.0 mailbox busy, try again later");
    String queueId = awaitAccepted(() -> sendSimple("info@" + DOMAIN, later, "Subject: patience\r\n\r\nretry me\r\n"));
    await().atMost(Duration.ofSeconds(30)).until(() -> suite.get("/api/v1/queue/" + queueId).statusCode() == 200);
    String entry = suite.get("/api/v1/queue/" + queueId).body();
    assertTrue(entry.contains("451 4.2.0 mailbox busy") && entry.contains("\"attempts\":1"), entry);
    String listing = suite.get("/api/v1/queue?state=DEFERRED&recipient=" + later).body();
    assertTrue(listing.contains(queueId) && listing.contains("451 4.2.0 mailbox busy"), listing);
    String message = suite.get("/api/v1/queue/messages/" + queueId).body();
    assertTrue(message.contains("Subject: patience") && message.contains("\"state\":\"DEFERRED\""), message);

    suite.outsideMx.rcptReply(later, "250 2.1.5 Ok");
    assertEquals(200, suite.post("/api/v1/queue/" + queueId + "/flush", ""));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> suite.outsideMx.messages().stream().anyMatch(m -> m.recipients().contains(later)));
    await().atMost(Duration.ofSeconds(15))
        .until(() -> suite.get("/api/v1/messages/" + queueId + "/deliveries").body().contains("\"status\":\"sent\""));
    assertEquals(404, suite.get("/api/v1/queue/" + queueId).statusCode());
    await().atMost(Duration.ofSeconds(15))
        .until(() -> suite.get("/api/v1/queue/messages/" + queueId).statusCode() == 404);
  }

  /**
   * A remote that refuses a recipient with 550 makes outbound-relay bounce it, and queue-manager
   * returns the message to its sender as an RFC 3464 report, delivered like any mail: here into the
   * sender's own mailbox.
   */
  @Test
  @Order(9)
  void aBouncedRecipientComesBackToTheSenderAsADeliveryStatusNotification() throws Exception {
    String refused = "refused@" + RunningSuite.OUTSIDE_DOMAIN;
    suite.outsideMx.rcptReply(refused, "550 5.1.1 <" + refused + ">: Recipient address rejected: User unknown");
    String queueId = awaitAccepted(
        () -> sendSimple("request@" + DOMAIN, refused, "Subject: to nobody\r\n\r\nhello?\r\n"));
    Path inbox = suite.maildirNew(DOMAIN, "request");
    await().atMost(Duration.ofSeconds(30)).until(() -> notificationFor(inbox, queueId) != null);
    String dsn = notificationFor(inbox, queueId);
    assertTrue(dsn.startsWith("Return-Path: <>\n"), dsn);
    assertTrue(dsn.contains("Content-Type: multipart/report; report-type=delivery-status;"), dsn);
    assertTrue(dsn.contains("Final-Recipient: rfc822; " + refused + "\nAction: failed\nStatus: 5.1.1\n"), dsn);
    assertTrue(dsn.contains("Remote-MTA: dns; mx." + RunningSuite.OUTSIDE_DOMAIN), dsn);
    // The returned message as it was queued: with the Date:, Message-ID: and From: it was given.
    assertTrue(dsn.contains("Subject: to nobody\nDate: "), dsn);
    assertTrue(dsn.contains("\nFrom: request@" + DOMAIN + "\n\nhello?\n"), dsn);
  }

  /**
   * A sender who asks NOTIFY=SUCCESS (RFC 3461) is told of the delivery into a mailbox (Action:
   * delivered) and of the relay to a server that does not announce DSN (Action: relayed), in
   * reports delivered into the sender's own mailbox; the recipient without NOTIFY is not reported.
   */
  @Test
  @Order(10)
  void aSenderWhoAsksForSuccessNoticesIsToldOfDeliveryAndRelay() throws Exception {
    String told = "told@" + RunningSuite.OUTSIDE_DOMAIN;
    String quiet = "quiet@" + RunningSuite.OUTSIDE_DOMAIN;
    String queueId = awaitAccepted(() -> {
      try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
        smtp.expect("220 ");
        smtp.send("EHLO " + DOMAIN).expect("250 ");
        smtp.send("MAIL FROM:<request@" + DOMAIN + "> RET=FULL ENVID=success-1").expect("250 2.1.0");
        smtp.send("RCPT TO:<request@" + DOMAIN + "> NOTIFY=SUCCESS").expect("250 2.1.5");
        smtp.send("RCPT TO:<" + told + "> NOTIFY=SUCCESS,FAILURE").expect("250 2.1.5");
        smtp.send("RCPT TO:<" + quiet + ">").expect("250 2.1.5");
        smtp.send("DATA").expect("354 ");
        smtp.sendRaw("Subject: did it arrive?\r\n\r\nsecret body\r\n".getBytes(StandardCharsets.US_ASCII)).send(".");
        String queued = smtp.expect("250 2.0.0");
        smtp.send("QUIT").expect("221 ");
        return queued;
      }
    });
    Path inbox = suite.maildirNew(DOMAIN, "request");
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      String all = String.join("", notificationsFor(inbox, queueId));
      return all.contains("Action: delivered") && all.contains("Action: relayed");
    });
    String all = String.join("", notificationsFor(inbox, queueId));
    assertTrue(all.startsWith("Return-Path: <>\n"), all);
    assertTrue(all.contains("Subject: Successful Mail Delivery Report\n"), all);
    assertTrue(all.contains("Original-Envelope-Id: success-1\n"), all);
    assertTrue(all.contains("Final-Recipient: rfc822; request@" + DOMAIN + "\nAction: delivered\nStatus: 2.0.0\n"),
        all);
    assertTrue(all.contains("Final-Recipient: rfc822; " + told + "\nAction: relayed\nStatus: 2.0.0\n"
        + "Remote-MTA: dns; mx." + RunningSuite.OUTSIDE_DOMAIN + "\n"), all);
    assertTrue(all.contains("Content-Type: text/rfc822-headers\n"), all);
    assertTrue(!all.contains(quiet) && !all.contains("secret body"), all);
  }

  /**
   * A recipient whose NOTIFY asks for DELAY is warned once its message is deferred, even with
   * delay-warning-time off (RFC 3461 §4.1: an explicit request is obeyed): one report, Action:
   * delayed with the remote's 4.x.x, only the headers returned. Then the remote recovers.
   */
  @Test
  @Order(11)
  void aSenderWhoAsksForDelayNoticesIsWarnedOnceWhileTheMessageWaits() throws Exception {
    String slow = "slow@" + RunningSuite.OUTSIDE_DOMAIN;
    suite.outsideMx.rcptReply(slow, "451 4.2.0 mailbox busy, try again later");
    String queueId = awaitAccepted(() -> {
      try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
        smtp.expect("220 ");
        smtp.send("EHLO " + DOMAIN).expect("250 ");
        smtp.send("MAIL FROM:<request@" + DOMAIN + ">").expect("250 2.1.0");
        smtp.send("RCPT TO:<" + slow + "> NOTIFY=DELAY,FAILURE").expect("250 2.1.5");
        smtp.send("DATA").expect("354 ");
        smtp.sendRaw("Subject: in no hurry\r\n\r\nsecret body\r\n".getBytes(StandardCharsets.US_ASCII)).send(".");
        String queued = smtp.expect("250 2.0.0");
        smtp.send("QUIT").expect("221 ");
        return queued;
      }
    });
    Path inbox = suite.maildirNew(DOMAIN, "request");
    await().atMost(Duration.ofSeconds(30)).until(() -> !notificationsFor(inbox, queueId).isEmpty());
    // Kept as a sleep: what is checked is that nothing more happens, so time has to pass, several
    // passes of the scheduler that sent the warning, before the count means anything.
    Thread.sleep(3000);
    List<String> warnings = notificationsFor(inbox, queueId);
    assertEquals(1, warnings.size());
    String warning = warnings.get(0);
    assertTrue(warning.contains("Subject: Delayed Mail (still being retried)\n"), warning);
    assertTrue(warning.contains("THIS IS A WARNING ONLY"), warning);
    assertTrue(warning.contains("Final-Recipient: rfc822; " + slow + "\nAction: delayed\nStatus: 4.2.0\n"), warning);
    assertTrue(warning.contains("Will-Retry-Until: "), warning);
    assertTrue(warning.contains("Subject: in no hurry\n") && !warning.contains("secret body"), warning);

    suite.outsideMx.rcptReply(slow, "250 2.1.5 Ok");
    assertEquals(200, suite.post("/api/v1/queue/" + queueId + "/flush", ""));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> suite.get("/api/v1/messages/" + queueId + "/deliveries").body().contains("\"status\":\"sent\""));
  }

  /** The bytes of every copy the outside server received for {@code recipient}, in arrival order. */
  private static List<byte[]> copiesFor(String recipient) {
    return suite.outsideMx.messages().stream().filter(m -> m.recipients().contains(recipient))
        .map(SinkMessage::data).toList();
  }

  private static List<String> notificationsFor(Path inbox, String queueId) throws IOException {
    List<String> found = new ArrayList<>();
    if (!Files.isDirectory(inbox)) {
      return found;
    }
    try (Stream<Path> files = Files.list(inbox)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        if (text.contains("X-Postfleet-Queue-ID: " + queueId + "\n")) {
          found.add(text);
        }
      }
    }
    return found;
  }

  private static String notificationFor(Path inbox, String queueId) throws IOException {
    if (!Files.isDirectory(inbox)) {
      return null;
    }
    try (Stream<Path> files = Files.list(inbox)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        if (text.contains("X-Postfleet-Queue-ID: " + queueId + "\n")) {
          return text;
        }
      }
    }
    return null;
  }

  private record Sent(String queueId, long acceptedAt) {}

  /** Waits for the message's one file, in one of the two mailboxes and not in both. */
  private static List<Path> awaitFileIn(String queueId, String first, String second) throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> MaildirFiles.of(suite.maildirNew(DOMAIN, first), queueId).size()
        + MaildirFiles.of(suite.maildirNew(DOMAIN, second), queueId).size() > 0);
    List<Path> found = new ArrayList<>(MaildirFiles.of(suite.maildirNew(DOMAIN, first), queueId));
    found.addAll(MaildirFiles.of(suite.maildirNew(DOMAIN, second), queueId));
    assertEquals(1, found.size(), queueId + " delivered as " + found);
    return found;
  }

  /**
   * A DKIM key generated through the admin API signs the next relayed message of its domain, and
   * an independent verifier (Apache jDKIM) accepts the signature against the record the API said
   * to publish, served by the test DNS server.
   */
  @Test
  @Order(10)
  void aDkimKeyGeneratedThroughTheApiSignsRelayedMailThatJdkimVerifies() throws Exception {
    assertEquals(201, suite.post("/api/v1/dkim-keys",
        "{\"domain\":\"" + DOMAIN + "\",\"selector\":\"s2026\",\"algorithm\":\"rsa-sha256\",\"generate\":true}"));
    String key = suite.get("/api/v1/dkim-keys/" + DOMAIN).body();
    Matcher txt = Pattern.compile("\"txtValue\":\"([^\"]+)\"").matcher(key);
    assertTrue(txt.find(), key);
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < txt.group(1).length(); i += 255) {
      strings.add(txt.group(1).substring(i, Math.min(txt.group(1).length(), i + 255)));
    }
    suite.dns.txt("s2026._domainkey." + DOMAIN, strings);
    String recipient = "signed@" + RunningSuite.OUTSIDE_DOMAIN;

    // The relay loads the new key within its refresh interval (500 ms), which nothing outside it
    // shows: send until a message arrives signed, each one awaited before the next is sent.
    List<byte[]> arrived = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      int before = copiesFor(recipient).size();
      awaitAccepted(() -> sendSimple("info@" + DOMAIN, recipient,
          "From: Info <info@" + DOMAIN + ">\r\nSubject: signed\r\n\r\nSigned by the relay.\r\n"));
      await().atMost(Duration.ofSeconds(30)).until(() -> copiesFor(recipient).size() > before);
      arrived.add(copiesFor(recipient).get(before));
      return new String(arrived.get(arrived.size() - 1), StandardCharsets.US_ASCII).startsWith("DKIM-Signature:");
    });
    byte[] data = arrived.get(arrived.size() - 1);

    assertTrue(new String(data, StandardCharsets.US_ASCII).startsWith("DKIM-Signature: v=1; a=rsa-sha256;"));
    assertEquals(1, new DKIMVerifier(this::dkimRecordsFromTestDns).verify(new ByteArrayInputStream(data)).size());

    // Our own verifier takes our own signer's work: the relayed bytes, sent back in from outside.
    String queueId;
    try (SmtpConversation smtp = SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO relay.outside.test").expect("250 ");
      smtp.send("MAIL FROM:<info@" + DOMAIN + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<request@" + DOMAIN + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw(dotStuffed(data)).send(".");
      Matcher queued = QUEUED.matcher(smtp.expect("250 2.0.0"));
      assertTrue(queued.find());
      queueId = queued.group(1);
      smtp.send("QUIT").expect("221 ");
    }
    String stored = Files.readString(awaitOneFile(suite.maildirNew(DOMAIN, "request"), queueId),
        StandardCharsets.US_ASCII);
    assertTrue(stored.contains("dkim=pass header.d=" + DOMAIN + " header.s=s2026"), stored);
    assertEquals(204, suite.delete("/api/v1/dkim-keys/" + DOMAIN));
  }

  /**
   * The seed's "mail from Elon Musk": sent from an address outside spacex.test's SPF record, with
   * no signature, while spacex.test publishes {@code p=reject}. The unconfigured server of the
   * tutorial delivers it; we refuse it at the end of DATA.
   */
  @Test
  @Order(12)
  void theSeedsSpoofedMailFromElonMuskIsRefusedByDmarc() throws Exception {
    suite.dns.txt("spacex.test", List.of("v=spf1 ip4:192.0.2.10 -all"))
        .txt("_dmarc.spacex.test", List.of("v=DMARC1; p=reject"));
    try (SmtpConversation smtp = SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO spacex.test").expect("250 ");
      smtp.send("MAIL FROM:elon.musk@spacex.test").expect("250 2.1.0");
      smtp.send("RCPT TO:request@" + DOMAIN).expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw(("From: Elon Musk <elon.musk@spacex.test>\r\nTo: request@" + DOMAIN
          + "\r\nSubject: I am Elon Musk\r\n\r\nSend me one bitcoin.\r\n").getBytes(StandardCharsets.US_ASCII));
      smtp.send(".").expect("550 5.7.1");
      smtp.send("QUIT").expect("221 ");
    }
  }

  /** A message from an SPF-listed address, signed for its From: domain, passes all three checks. */
  @Test
  @Order(13)
  void aSignedMessageFromAnSpfListedAddressArrivesWithPassingAuthenticationResults() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair key = generator.generateKeyPair();
    String publicKey = Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    suite.dns.txt("legit.test", List.of("v=spf1 ip4:127.0.0.3 -all"))
        .txt("_dmarc.legit.test", List.of("v=DMARC1; p=reject; adkim=s; aspf=r"))
        .txt("s1._domainkey.legit.test", List.of("v=DKIM1; k=rsa; p=" + publicKey.substring(0, 200),
            publicKey.substring(200)));
    String unsigned = "From: Ann <ann@legit.test>\r\nTo: request@" + DOMAIN
        + "\r\nSubject: a real message\r\n\r\nSigned and sent from where SPF says.\r\n";
    String signature = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=legit.test; s=s1; "
        + "h=from:to:subject; bh=; b=;", key.getPrivate())
        .sign(new ByteArrayInputStream(unsigned.getBytes(StandardCharsets.US_ASCII)));
    String queueId;
    try (SmtpConversation smtp = SmtpConversation.open("127.0.0.3", suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO mail.legit.test").expect("250 ");
      smtp.send("MAIL FROM:<ann@legit.test>").expect("250 2.1.0");
      smtp.send("RCPT TO:<request@" + DOMAIN + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw((signature + "\r\n" + unsigned).getBytes(StandardCharsets.US_ASCII));
      Matcher queued = QUEUED.matcher(smtp.send(".").expect("250 2.0.0"));
      assertTrue(queued.find());
      queueId = queued.group(1);
      smtp.send("QUIT").expect("221 ");
    }
    String stored = Files.readString(awaitOneFile(suite.maildirNew(DOMAIN, "request"), queueId),
        StandardCharsets.US_ASCII);
    Matcher results = Pattern.compile("Authentication-Results: mx\\.mail\\.example\\.test;[^\\n]*(\\n\\t[^\\n]*)*")
        .matcher(stored);
    assertTrue(results.find(), stored);
    String header = results.group();
    assertTrue(header.contains("spf=pass smtp.mailfrom=ann@legit.test"), header);
    assertTrue(header.contains("dkim=pass header.d=legit.test header.s=s1"), header);
    assertTrue(header.contains("dmarc=pass header.from=legit.test"), header);
    assertTrue(stored.contains("Received-SPF: pass "), stored);
  }

  /** DATA content as a client sends it: a line that starts with a dot gets another (RFC 5321 §4.5.2). */
  private static byte[] dotStuffed(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1);
    String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
    return stuffed.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The key record as a verifier finds it: TXT at {@code <s>._domainkey.<d>}, strings joined. */
  private List<String> dkimRecordsFromTestDns(CharSequence method, CharSequence selector, CharSequence domain)
      throws TempFailException {
    try {
      SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
      resolver.setPort(suite.dns.port());
      Lookup lookup = new Lookup(selector + "._domainkey." + domain + ".", Type.TXT);
      lookup.setResolver(resolver);
      lookup.setCache(null);
      Record[] answers = lookup.run();
      List<String> records = new ArrayList<>();
      for (Record answer : answers == null ? new Record[0] : answers) {
        records.add(String.join("", ((TXTRecord) answer).getStrings()));
      }
      return records;
    } catch (IOException e) {
      throw new TempFailException(e.getMessage());
    }
  }

  /** Runs last: it takes the broker away, and brings it back for the suite's shutdown. */
  @Test
  @Order(100)
  void withKafkaDownTheClientGets451AndNever250() throws Exception {
    suite.kafka.kill();
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO " + DOMAIN).expect("250 ");
      smtp.send("MAIL FROM:<info@" + DOMAIN + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<request@" + DOMAIN + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.send("Subject: lost?").send("").send("must not be acknowledged").send(".");
      smtp.expect("451 4.3.0");
      smtp.send("QUIT").expect("221 ");
    } finally {
      suite.kafka.restart();
    }
  }

  private interface Session {
    String run() throws Exception;
  }

  /** Returns the queue id of a {@code 250 ... queued as} reply. */
  private static String awaitAccepted(Session session) throws Exception {
    Matcher m = QUEUED.matcher(session.run());
    assertTrue(m.find(), "not queued");
    return m.group(1);
  }

  private static String sendSimple(String from, String to, String body) throws IOException {
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO " + DOMAIN).expect("250 ");
      smtp.send("MAIL FROM:<" + from + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<" + to + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw(body.getBytes(StandardCharsets.US_ASCII)).send(".");
      String queued = smtp.expect("250 2.0.0");
      smtp.send("QUIT").expect("221 ");
      return queued;
    }
  }

  private static String rcptCode(String address) throws IOException {
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("HELO " + DOMAIN).expect("250 ");
      smtp.send("MAIL FROM:<probe@" + RunningSuite.OUTSIDE_DOMAIN + ">").expect("250 ");
      String reply = smtp.send("RCPT TO:<" + address + ">").expect("");
      smtp.send("QUIT").expect("221 ");
      return reply.substring(0, 3);
    }
  }

  /** Waits for the file of this queue id in a Maildir's new/ and checks there is exactly one. */
  private static Path awaitOneFile(Path newDir, String queueId) throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> !MaildirFiles.of(newDir, queueId).isEmpty());
    List<Path> files = MaildirFiles.of(newDir, queueId);
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }
}
