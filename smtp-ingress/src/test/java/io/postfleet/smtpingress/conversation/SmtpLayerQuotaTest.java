package io.postfleet.smtpingress.conversation;

import io.postfleet.maps.LiveRecipientMaps;
import io.postfleet.smtpingress.SchemaDatabase;
import io.postfleet.smtpingress.quota.FullMailboxes;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RCPT against the maps and mailbox_usage in a real PostgreSQL, over a real socket: a recipient whose
 * mail would only land in full mailboxes gets 452 4.2.2, every other one 250; a raised quota or a
 * stale count lifts the refusal, and when the usage cannot be read nobody is refused.
 */
class SmtpLayerQuotaTest {
  private static final Duration REFRESH = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String DOMAIN = "quota.example.test";

  private static SchemaDatabase database;
  private static LiveRecipientMaps maps;
  private static FullMailboxes full;
  private static SmtpTestServer server;

  @BeforeAll
  static void start() throws Exception {
    database = SchemaDatabase.start();
    database.execute("insert into domain (name, kind) values ('" + DOMAIN + "', 'LOCAL');"
        + "insert into mailbox (address, domain, quota_bytes) values ('full@" + DOMAIN + "', '" + DOMAIN + "', 1000),"
        + " ('roomy@" + DOMAIN + "', '" + DOMAIN + "', 1000), ('free@" + DOMAIN + "', '" + DOMAIN + "', null);"
        + "insert into alias (address, domain) values ('team@" + DOMAIN + "', '" + DOMAIN + "'),"
        + " ('both@" + DOMAIN + "', '" + DOMAIN + "');"
        + "insert into alias_target (alias_address, position, target) values ('team@" + DOMAIN + "', 0, 'full@"
        + DOMAIN + "'), ('both@" + DOMAIN + "', 0, 'full@" + DOMAIN + "'), ('both@" + DOMAIN + "', 1, 'roomy@"
        + DOMAIN + "');"
        // As queue-manager stores local-delivery's counts: full@ at its quota, roomy@ nearly empty.
        + "insert into mailbox_usage (address, used_bytes, used_messages, over_quota, updated_at) values"
        + " ('full@" + DOMAIN + "', 1000, 5, true, now()), ('roomy@" + DOMAIN + "', 10, 1, false, now());");
    maps = new LiveRecipientMaps(database.dataSource(), REFRESH);
    maps.start();
    full = new FullMailboxes(database.dataSource(), REFRESH, Duration.ofMinutes(15));
    full.start();
    server = SmtpTestServer.builder().recipientMaps(maps).fullMailboxes(full).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    full.close();
    maps.close();
    database.close();
  }

  @Test
  void aFullMailboxIsDeferredAtRcptAndTheOthersAreAccepted() throws Exception {
    awaitRcpt("full@" + DOMAIN, "452 4.2.2");
    try (SmtpTestClient c = session()) {
      c.exchange("RCPT TO:<full@" + DOMAIN + ">",
          "452 4.2.2 <full@" + DOMAIN + ">: Recipient address rejected: Mailbox full");
      c.exchange("RCPT TO:<roomy@" + DOMAIN + ">", "250 2.1.5");
      c.exchange("RCPT TO:<free@" + DOMAIN + ">", "250 2.1.5");
      c.exchange("RCPT TO:<full+tag@" + DOMAIN + ">", "452 4.2.2");
      // An alias leading only to the full mailbox is full; one that also reaches room is not.
      c.exchange("RCPT TO:<team@" + DOMAIN + ">", "452 4.2.2");
      c.exchange("RCPT TO:<both@" + DOMAIN + ">", "250 2.1.5");
      c.exchange("RCPT TO:<nobody@" + DOMAIN + ">", "550 5.1.1");
      c.exchange("DATA", "354");
      c.send("Subject: to the ones with room\r\n\r\nhello\r\n.");
      c.expect("250 2.0.0");
    }
  }

  @Test
  void aRaisedQuotaOrAStaleCountLiftsTheRefusal() throws Exception {
    try {
      awaitRcpt("full@" + DOMAIN, "452 4.2.2");
      database.execute("update mailbox set quota_bytes = 5000 where address = 'full@" + DOMAIN + "'");
      awaitRcpt("full@" + DOMAIN, "250 2.1.5");
      database.execute("update mailbox set quota_bytes = 1000 where address = 'full@" + DOMAIN + "'");
      awaitRcpt("full@" + DOMAIN, "452 4.2.2");
      // Nothing counted it for longer than the verdict lives (the owner may have made room): let mail try.
      database.execute("update mailbox_usage set updated_at = now() - interval '16 minutes'"
          + " where address = 'full@" + DOMAIN + "'");
      awaitRcpt("full@" + DOMAIN, "250 2.1.5");
    } finally {
      database.execute("update mailbox set quota_bytes = 1000 where address = 'full@" + DOMAIN + "';"
          + "update mailbox_usage set updated_at = now() where address = 'full@" + DOMAIN + "'");
    }
  }

  @Test
  void whenTheUsageCannotBeReadNobodyIsRefused() throws Exception {
    database.execute("update mailbox set quota_bytes = 1000 where address = 'full@" + DOMAIN + "';"
        + "update mailbox_usage set updated_at = now() where address = 'full@" + DOMAIN + "'");
    awaitRcpt("full@" + DOMAIN, "452 4.2.2");
    // The table gone stands for a database that cannot answer the query; the maps keep serving.
    database.execute("alter table mailbox_usage rename to mailbox_usage_away");
    try {
      awaitRcpt("full@" + DOMAIN, "250 2.1.5");
      awaitRcpt("nobody@" + DOMAIN, "550 5.1.1");
    } finally {
      database.execute("alter table mailbox_usage_away rename to mailbox_usage");
    }
    awaitRcpt("full@" + DOMAIN, "452 4.2.2");
  }

  private static SmtpTestClient session() throws IOException {
    SmtpTestClient c = server.connect();
    c.expect("220");
    c.exchange("EHLO client.example.test", "250 ");
    c.exchange("MAIL FROM:<sender@example.test>", "250");
    return c;
  }

  /** A new session per try until RCPT gets the reply: the set is refreshed in the background. */
  private static void awaitRcpt(String recipient, String expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try (SmtpTestClient c = session()) {
        c.send("RCPT TO:<" + recipient + ">");
        last = c.readReply();
        if (last.startsWith(expected)) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("RCPT TO:<" + recipient + "> never got '" + expected + "', last: " + last);
  }
}
