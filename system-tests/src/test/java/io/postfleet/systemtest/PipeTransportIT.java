package io.postfleet.systemtest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PIPE transport through the packaged services, as Postfix hands a list domain to Mailman: the
 * transport is written through the admin API (which refuses a command it could not run), mail for
 * the relay domain {@code lists.example.test} is routed to local-delivery, which runs the command
 * without a shell; its exit status decides: 0 delivered, 67 (EX_NOUSER) bounced 5.1.1 back to the
 * sender, 75 (EX_TEMPFAIL) deferred into queue-manager's deferred queue and run again on a flush.
 */
class PipeTransportIT {
  private static final String DOMAIN = "mail.example.test";
  private static final String LISTS = "lists.example.test";
  private static final String SENDER = "request@" + DOMAIN;
  private static final Pattern QUEUED = Pattern.compile("250 2\\.0\\.0 Ok: queued as ([A-Za-z0-9]+)");
  private static RunningSuite suite;
  private static Path spool;
  private static Path command;

  @BeforeAll
  static void startSuite() throws Exception {
    suite = new RunningSuite();
    spool = Files.createDirectories(suite.workDir.resolve("list-spool"));
    command = suite.workDir.resolve("fake-mailman");
    // The third-party program: a script of its own; the transport runs it without a shell.
    Files.writeString(command, """
        #!/bin/sh
        out="$1"; user="$2"
        case "$user" in
          nosuch) echo "no such list: $user"; exit 67 ;;
          busy) if [ ! -e "$out.tried" ]; then touch "$out.tried"; echo "list is locked"; exit 75; fi ;;
        esac
        cat > "$out"
        shift 2
        printf '%s\\n' "$@" > "$out.args"
        """, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(201, suite.post("/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}"));
    assertEquals(201, suite.post("/api/v1/mailboxes", "{\"address\":\"" + SENDER + "\"}"));
    assertEquals(201, suite.post("/api/v1/domains", "{\"name\":\"" + LISTS + "\",\"kind\":\"RELAY\"}"));
  }

  @AfterAll
  static void stopSuite() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void aCommandRunsPerRecipientAndItsExitStatusDecides() throws Exception {
    HttpResponse<String> unknown = suite.postForResponse("/api/v1/transports", transport("${client_address}"));
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertTrue(unknown.body().contains("${client_address}"), unknown.body());
    assertEquals(400, suite.post("/api/v1/transports",
        "{\"pattern\":\"" + LISTS + "\",\"kind\":\"PIPE\",\"nexthop\":\"fake-mailman ${user}\"}"));

    assertEquals(201, suite.post("/api/v1/transports", transport("\\\"from ${sender}\\\" ${recipient}")));
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> suite.get("/api/v1/resolve?address=announce%40" + LISTS).body().contains("\"route\":\"pipe\""));

    String delivered = send("announce@" + LISTS, "Subject: to the list\r\n\r\nhello list\r\n");
    Path out = spool.resolve("announce." + delivered);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out.resolveSibling(out.getFileName() + ".args")));
    String piped = Files.readString(out, StandardCharsets.US_ASCII);
    assertFalse(piped.contains("\r"), "pipe(8) writes LF line ends");
    assertFalse(piped.contains("Delivered-To:"), "the default flags= prepend nothing");
    assertTrue(piped.contains("\nSubject: to the list\n") && piped.endsWith("\n\nhello list\n"), piped);
    assertEquals("from " + SENDER + "\nannounce@" + LISTS + "\n",
        Files.readString(out.resolveSibling(out.getFileName() + ".args"), StandardCharsets.US_ASCII));
    await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(delivered).contains("\"status\":\"sent\""));
    assertTrue(deliveries(delivered).contains("\"relay\":\"pipe\""), deliveries(delivered));

    String bounced = send("nosuch@" + LISTS, "Subject: to no list\r\n\r\nanyone?\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(bounced).contains("\"status\":\"bounced\""));
    String log = deliveries(bounced);
    assertTrue(log.contains("\"dsn\":\"5.1.1\"") && log.contains("no such list: nosuch"), log);
    Path inbox = suite.maildirNew(DOMAIN, "request");
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox) && Files.list(inbox).anyMatch(f -> {
      try {
        return Files.readString(f, StandardCharsets.UTF_8).contains("Status: 5.1.1");
      } catch (IOException e) {
        return false;
      }
    }));

    String deferred = send("busy@" + LISTS, "Subject: later\r\n\r\nwhen the list is free\r\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> suite.get("/api/v1/queue/" + deferred).statusCode() == 200);
    String entry = suite.get("/api/v1/queue/" + deferred).body();
    assertTrue(entry.contains("\"nextHop\":\"pipe:busy@" + LISTS + "\"") && entry.contains("\"attempts\":1")
        && entry.contains("list is locked"), entry);
    assertTrue(deliveries(deferred).contains("\"dsn\":\"4.3.0\""), deliveries(deferred));
    Path later = spool.resolve("busy." + deferred);
    assertFalse(Files.exists(later));
    assertEquals(200, suite.post("/api/v1/queue/" + deferred + "/flush", ""));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(later.resolveSibling(later.getFileName() + ".args")));
    await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(deferred).contains("\"status\":\"sent\""));
    assertEquals(404, suite.get("/api/v1/queue/" + deferred).statusCode());
  }

  private static String transport(String arguments) {
    return "{\"pattern\":\"" + LISTS + "\",\"kind\":\"PIPE\",\"nexthop\":\"" + command + " " + spool
        + "/${user}.${queue_id} ${user} " + arguments + "\"}";
  }

  private static String deliveries(String queueId) throws Exception {
    return suite.get("/api/v1/messages/" + queueId + "/deliveries").body();
  }

  private static String send(String to, String body) throws IOException {
    try (SmtpConversation smtp = SmtpConversation.open(suite.smtpPort)) {
      smtp.expect("220 ");
      smtp.send("EHLO " + DOMAIN).expect("250 ");
      smtp.send("MAIL FROM:<" + SENDER + ">").expect("250 2.1.0");
      smtp.send("RCPT TO:<" + to + ">").expect("250 2.1.5");
      smtp.send("DATA").expect("354 ");
      smtp.sendRaw(body.getBytes(StandardCharsets.US_ASCII)).send(".");
      Matcher m = QUEUED.matcher(smtp.expect("250 2.0.0"));
      smtp.send("QUIT").expect("221 ");
      assertTrue(m.find(), "not queued");
      return m.group(1);
    }
  }
}
