package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.Envelope;
import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.EsmtpOptions.Notify;
import io.postfleet.contract.EsmtpOptions.RecipientDsn;
import io.postfleet.contract.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What MAIL and RCPT parameters ask for (BODY, SMTPUTF8, DSN) reaches the envelope, validated,
 * over real sockets; the null sender and source routes as RFC 5321 wants them.
 */
class SmtpLayerEsmtpOptionsTest {
  private SmtpTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SmtpTestServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void dsnRequestAndBodyTypeTravelInTheEnvelope() throws Exception {
    try (SmtpTestClient c = greeted()) {
      c.exchange("MAIL FROM:<a@client.example.test> BODY=8BITMIME RET=HDRS ENVID=QQ314159+2Bx", "250 2.1.0");
      c.exchange("RCPT TO:<request@mail.example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Req+2Bx@mail.example.test",
          "250 2.1.5");
      c.exchange("RCPT TO:<elsewhere@remote.example>", "250 2.1.5");
      send(c, "dsn please");
    }
    EsmtpOptions options = only().envelope().options();
    assertEquals(new EsmtpOptions(EsmtpOptions.BodyType.EIGHT_BIT_MIME, false, "QQ314159+x",
        EsmtpOptions.DsnReturn.HDRS, Map.of("request@mail.example.test",
            new RecipientDsn(Set.of(Notify.SUCCESS, Notify.FAILURE), "rfc822;Req+x@mail.example.test"))),
        options);
  }

  @Test
  void badDsnValuesGet501AndUnknownParameters555() throws Exception {
    try (SmtpTestClient c = greeted()) {
      c.exchange("MAIL FROM:<a@client.example.test> RET=EVERYTHING", "501 5.5.4 Bad RET parameter syntax");
      c.exchange("MAIL FROM:<a@client.example.test> ENVID=a+0Db", "501 5.5.4 Bad ENVID parameter syntax");
      c.exchange("MAIL FROM:<a@client.example.test> BODY=BINARY", "501 5.5.4 Bad BODY parameter syntax");
      c.exchange("MAIL FROM:<a@client.example.test> SMTPUTF8=yes", "501 5.5.4 Bad SMTPUTF8 parameter syntax");
      c.exchange("MAIL FROM:<a@client.example.test> XFORWARD=1", "555 5.5.4 Unsupported option: XFORWARD");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.exchange("RCPT TO:<request@mail.example.test> NOTIFY=NEVER,DELAY", "501 5.5.4 Bad NOTIFY parameter syntax");
      c.exchange("RCPT TO:<request@mail.example.test> ORCPT=request@mail.example.test",
          "501 5.5.4 Bad ORCPT parameter syntax");
      c.exchange("RCPT TO:<request@mail.example.test> SIZE=10", "555 5.5.4 Unsupported option: SIZE");
      c.exchange("RCPT TO:<request@mail.example.test> NOTIFY=never", "250 2.1.5");
    }
  }

  @Test
  void internationalisedAddressesNeedSmtputf8AndAreCarried() throws Exception {
    server.maps.set("j\u00f6rg@mail.example.test", io.postfleet.maps.RecipientStatus.LOCAL);
    try (SmtpTestClient c = greeted()) {
      c.sendUtf8("MAIL FROM:<\u7528\u6237@\u4f8b\u5b50.example>");
      c.expect("553 5.6.7 Must declare SMTPUTF8 to send unicode address");
      c.exchange("MAIL FROM:<a@client.example.test>", "250");
      c.sendUtf8("RCPT TO:<j\u00f6rg@mail.example.test>");
      c.expect("553 5.6.7");
      c.exchange("RSET", "250");

      c.sendUtf8("MAIL FROM:<\u7528\u6237@\u4f8b\u5b50.example> SMTPUTF8");
      c.expect("250 2.1.0");
      c.sendUtf8("RCPT TO:<J\u00f6rg@MAIL.example.test>");
      c.expect("550 5.1.1"); // local parts keep their case; the fake maps know only lower case
      c.sendUtf8("RCPT TO:<j\u00f6rg@mail.example.test>");
      c.expect("250 2.1.5");
      send(c, "Subject: gr\u00fc\u00dfe");
    }
    Envelope envelope = only().envelope();
    assertEquals("\u7528\u6237@\u4f8b\u5b50.example", envelope.mailFrom());
    assertEquals(List.of("j\u00f6rg@mail.example.test"), envelope.recipients());
    assertTrue(envelope.options().smtputf8());
    assertEquals("UTF8SMTP", envelope.protocol());
    String content = new String(only().content(), StandardCharsets.UTF_8);
    assertTrue(content.contains("with UTF8SMTP id"), content);
    assertTrue(content.contains("for <j\u00f6rg@mail.example.test>;"), content);
  }

  @Test
  void eightBitBytesThatAreNotUtf8AndUtf8OutsideMailAndRcptAreRefused() throws Exception {
    try (SmtpTestClient c = greeted()) {
      c.sendRaw("MAIL FROM:<caf\u00e9@client.example.test> SMTPUTF8\r\n"); // Latin-1, not UTF-8
      c.expect("500 5.5.2 Error: bad UTF-8 syntax");
      c.sendUtf8("EHLO caf\u00e9.example");
      c.expect("501 5.5.4 Error: non-ASCII characters in this command");
      c.exchange("NOOP", "250");
    }
  }

  @Test
  void nullSenderIsAcceptedForBouncesAndSourceRoutesAreIgnored() throws Exception {
    try (SmtpTestClient c = greeted()) {
      c.exchange("MAIL FROM:<>", "250 2.1.0");
      c.exchange("RCPT TO:<@relay.one.example,@relay.two.example:request@mail.example.test>", "250 2.1.5");
      send(c, "bounce");
    }
    Envelope envelope = only().envelope();
    assertTrue(envelope.nullSender());
    assertEquals(List.of("request@mail.example.test"), envelope.recipients());
  }

  private SmtpTestClient greeted() throws Exception {
    SmtpTestClient c = server.connect();
    c.expect("220");
    c.exchange("EHLO client.example.test", "250 ");
    return c;
  }

  private static void send(SmtpTestClient c, String body) throws Exception {
    c.exchange("DATA", "354");
    c.sendUtf8(body);
    c.exchange(".", "250 2.0.0 Ok: queued as");
  }

  private InboundMessage only() {
    assertEquals(1, server.publisher.published().size());
    return server.publisher.published().get(0);
  }
}
