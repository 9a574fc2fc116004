package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.InboundMessage;
import io.postfleet.maps.content.LiveContentRules;
import io.postfleet.smtpingress.SchemaDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * header_checks and body_checks in a real SMTP session, with the rules in queue-manager's table in
 * a real PostgreSQL and read the way a pod reads them (LiveContentRules): a rule written while the
 * server runs applies to the next message, a REJECT answers 550 5.7.1 with its text at the end of
 * DATA, PREPEND and IGNORE change what is published, HOLD publishes the message quarantined and
 * DISCARD answers 250 but publishes nothing.
 */
class SmtpLayerContentRulesTest {
  private static SchemaDatabase database;
  private static LiveContentRules rules;

  @BeforeAll
  static void startDatabase() throws Exception {
    database = SchemaDatabase.start();
    rules = new LiveContentRules(database.dataSource(), Duration.ofMillis(100));
    rules.start();
  }

  @AfterAll
  static void stopDatabase() {
    rules.close();
    database.close();
  }

  @BeforeEach
  void noRules() throws Exception {
    database.execute("delete from content_check_rule");
    rules.refreshNow();
  }

  private static void rule(String kind, int position, String pattern, String action, String text)
      throws Exception {
    database.execute("insert into content_check_rule (kind, position, pattern, action, text) values ('" + kind
        + "', " + position + ", '" + pattern + "', '" + action + "', '" + text + "')");
  }

  private static SmtpTestServer server() throws Exception {
    return SmtpTestServer.builder().contentRules(() -> Optional.ofNullable(rules.current())).start();
  }

  private static String send(SmtpTestClient c, String content, String expected) throws Exception {
    c.exchange("MAIL FROM:<sender@client.example.test>", "250");
    c.exchange("RCPT TO:<request@mail.example.test>", "250");
    c.exchange("DATA", "354");
    return c.exchange(content + ".", expected);
  }

  private static String text(InboundMessage m) {
    return new String(m.content(), StandardCharsets.UTF_8);
  }

  @Test
  void aRuleAddedWhileRunningRejectsTheNextMessageWith550AndItsText() throws Exception {
    try (SmtpTestServer server = server(); SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      send(c, "Subject: Cheap VIAGRA\r\n\r\nbody\r\n", "250 2.0.0");
      rule("HEADER", 1, "/^Subject:.*viagra/", "REJECT", "Spam is not welcome here");
      rules.refreshNow();
      assertEquals("550 5.7.1 Spam is not welcome here\r\n",
          send(c, "Subject: Cheap VIAGRA\r\n\r\nbody\r\n", "550"));
      rule("BODY", 1, "/^click here to win/", "REJECT", "");
      rules.refreshNow();
      assertEquals("550 5.7.1 Message content rejected\r\n",
          send(c, "Subject: hello\r\n\r\nfirst line\r\nClick here to WIN\r\n", "550"));
      c.exchange("NOOP", "250");
      assertEquals(1, server.publisher.published().size());
      assertEquals(2.0, server.counter("postfleet.smtp.messages.rejected", "reason", "content_rule"));
    }
  }

  @Test
  void prependAndIgnoreChangeThePublishedMessage() throws Exception {
    rule("HEADER", 1, "/^X-Internal-Secret:/", "IGNORE", "");
    rule("HEADER", 2, "/^Subject: (.*)/", "PREPEND", "X-Original-Subject: $1");
    rules.refreshNow();
    try (SmtpTestServer server = server(); SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      send(c, "X-Internal-Secret: 42\r\n continued\r\nSubject: report\r\n\r\nbody\r\n", "250 2.0.0");
      String published = text(server.publisher.published().get(0));
      assertFalse(published.contains("X-Internal-Secret"), published);
      assertFalse(published.contains("continued"), published);
      assertTrue(published.contains("\r\nX-Original-Subject: report\r\nSubject: report\r\n"), published);
      assertTrue(published.endsWith("\r\n\r\nbody\r\n"), published);
    }
  }

  @Test
  void holdPublishesTheMessageQuarantinedAndDiscardPublishesNothing() throws Exception {
    rule("HEADER", 1, "/^Subject:.*invoice/", "HOLD", "invoice needs a look");
    rule("BODY", 1, "/^unsubscribe$/", "DISCARD", "");
    rules.refreshNow();
    try (SmtpTestServer server = server(); SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO client.example.test", "250 ");
      send(c, "Subject: Your invoice\r\n\r\nbody\r\n", "250 2.0.0");
      InboundMessage held = server.publisher.published().get(0);
      assertTrue(held.envelope().quarantined());
      assertEquals("header_checks: invoice needs a look", held.envelope().quarantine());
      send(c, "Subject: list\r\n\r\nunsubscribe\r\n", "250 2.0.0");
      assertEquals(1, server.publisher.published().size());
      send(c, "Subject: plain\r\n\r\nbody\r\n", "250 2.0.0");
      assertFalse(server.publisher.published().get(1).envelope().quarantined());
    }
  }
}
