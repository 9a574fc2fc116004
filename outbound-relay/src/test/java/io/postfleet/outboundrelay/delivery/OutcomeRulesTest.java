package io.postfleet.outboundrelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.DeliveryOutcome;
import io.postfleet.outboundrelay.route.RouteLookupException;
import io.postfleet.outboundrelay.route.Target;
import io.postfleet.outboundrelay.smtp.SessionTranscript;
import io.postfleet.outboundrelay.smtp.Shortfall;
import io.postfleet.outboundrelay.smtp.Shortfall.Kind;
import io.postfleet.outboundrelay.smtp.Stage;
import io.postfleet.smtp.client.RemoteReply;
import io.postfleet.smtp.client.ReplyReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden table: what happened in a session (or to the lookup), and the verdict for one recipient,
 * written as {@code status dsn [next] (detail)}; "next" means "try the next MX".
 */
class OutcomeRulesTest {
  private static final Target MX = target();
  private static final String A = "a@outside.test";
  private static final String B = "b@outside.test";
  private static final String REFUSED = "connect to mx.test[192.0.2.1]:25: Connection refused";
  private static final String LOST = "lost connection with mx.test[192.0.2.1] while sending RCPT TO";

  private final OutcomeRules rules = new OutcomeRules();
  private final List<String> mismatches = new ArrayList<>();

  @Test
  void sessionsJudgedPerRecipient() {
    row(failed(Stage.CONNECT, REFUSED), A, false, "connect: deferred 4.4.1 next (" + REFUSED + ")");
    row(failed(Stage.CONNECT, REFUSED), A, true, "connect: deferred 4.4.1 (" + REFUSED + ")");
    row(ended(Stage.GREETING, "421 4.3.2 Service not available"), A, false,
        "greeting: deferred 4.3.2 next (host mx.test[192.0.2.1] refused to talk to me: 421 4.3.2 Service not available)");
    row(ended(Stage.GREETING, "554 5.7.1 Go away"), A, true,
        "greeting: deferred 4.7.1 (host mx.test[192.0.2.1] refused to talk to me: 554 5.7.1 Go away)");
    row(ended(Stage.GREETING, "554 No SMTP service here"), A, true,
        "greeting: deferred 4.0.0 (host mx.test[192.0.2.1] refused to talk to me: 554 No SMTP service here)");
    row(ended(Stage.HELO, "550 Access denied"), A, false,
        "helo: bounced 5.0.0 (host mx.test[192.0.2.1] said: 550 Access denied (in reply to HELO command))");
    row(ended(Stage.MAIL, "451 4.3.0 Temporary lookup failure"), A, false,
        "mail: deferred 4.3.0 next (host mx.test[192.0.2.1] said: 451 4.3.0 Temporary lookup failure (in reply to MAIL FROM command))");
    row(ended(Stage.MAIL, "553 5.1.8 Sender domain does not exist"), A, false,
        "mail: bounced 5.1.8 (host mx.test[192.0.2.1] said: 553 5.1.8 Sender domain does not exist (in reply to MAIL FROM command))");

    Map<String, String> oneRefused = rcpts(A, "550 5.1.1 <a@outside.test>: Recipient address rejected", B,
        "250 2.1.5 Ok");
    row(ended(Stage.MESSAGE, "250 2.0.0 Ok: queued as 4F00D", oneRefused), A, false,
        "rcpt: bounced 5.1.1 (host mx.test[192.0.2.1] said: 550 5.1.1 <a@outside.test>: Recipient address rejected (in reply to RCPT TO command))");
    row(ended(Stage.MESSAGE, "250 2.0.0 Ok: queued as 4F00D", oneRefused), B, false,
        "data-done: sent 2.0.0 (250 2.0.0 Ok: queued as 4F00D)");
    row(ended(Stage.MESSAGE, "250 Ok", rcpts(A, "250 Ok")), A, true, "data-done: sent 2.0.0 (250 Ok)");
    row(ended(Stage.MESSAGE, "250 2.6.0 Queued mail for delivery", rcpts(A, "250 Ok")), A, true,
        "data-done: sent 2.6.0 (250 2.6.0 Queued mail for delivery)");

    Map<String, String> greylisted = rcpts(A, "450 4.2.0 <a@outside.test>: Greylisted", B, "250 2.1.5 Ok");
    row(ended(Stage.MESSAGE, "250 2.0.0 Ok", greylisted), A, false,
        "rcpt: deferred 4.2.0 next (host mx.test[192.0.2.1] said: 450 4.2.0 <a@outside.test>: Greylisted (in reply to RCPT TO command))");
    row(ended(Stage.MESSAGE, "250 2.0.0 Ok", greylisted), A, true,
        "rcpt: deferred 4.2.0 (host mx.test[192.0.2.1] said: 450 4.2.0 <a@outside.test>: Greylisted (in reply to RCPT TO command))");
    row(SessionTranscript.allRecipientsRefused(MX, replies(rcpts(A, "550 5.7.1 Relaying denied"))), A, false,
        "rcpt: bounced 5.7.1 (host mx.test[192.0.2.1] said: 550 5.7.1 Relaying denied (in reply to RCPT TO command))");

    row(ended(Stage.DATA, "554 5.5.1 No valid recipients", rcpts(A, "250 Ok")), A, false,
        "data: bounced 5.5.1 (host mx.test[192.0.2.1] said: 554 5.5.1 No valid recipients (in reply to DATA command))");
    row(ended(Stage.DATA, "250 2.0.0 why not", rcpts(A, "250 Ok")), A, true,
        "data: deferred 4.5.0 (host mx.test[192.0.2.1] said: 250 2.0.0 why not (in reply to DATA command))");
    row(ended(Stage.MESSAGE, "552 5.3.4 Message too big", rcpts(A, "250 Ok", B, "250 Ok")), B, false,
        "data-done: bounced 5.3.4 (host mx.test[192.0.2.1] said: 552 5.3.4 Message too big (in reply to end of DATA command))");
    row(ended(Stage.MESSAGE, "451 4.3.0 Try again", rcpts(A, "250 Ok")), A, false,
        "data-done: deferred 4.3.0 next (host mx.test[192.0.2.1] said: 451 4.3.0 Try again (in reply to end of DATA command))");

    row(failed(Stage.RCPT, LOST, rcpts(A, "250 Ok")), A, false, "rcpt: deferred 4.4.2 next (" + LOST + ")");
    row(failed(Stage.RCPT, LOST, rcpts(A, "550 5.1.1 No such user")), A, false,
        "rcpt: bounced 5.1.1 (host mx.test[192.0.2.1] said: 550 5.1.1 No such user (in reply to RCPT TO command))");
    Map<String, String> closing = rcpts(A, "250 Ok", B, "421 4.7.0 Too many errors");
    row(ended(Stage.RCPT, "421 4.7.0 Too many errors", closing), A, true,
        "rcpt: deferred 4.7.0 (host mx.test[192.0.2.1] said: 421 4.7.0 Too many errors (in reply to RCPT TO command))");
    row(ended(Stage.RCPT, "421 4.7.0 Too many errors", closing), B, false,
        "rcpt: deferred 4.7.0 next (host mx.test[192.0.2.1] said: 421 4.7.0 Too many errors (in reply to RCPT TO command))");

    row(ended(Stage.STARTTLS, "554 5.7.3 TLS not available"), A, false,
        "starttls: deferred 4.7.3 next (TLS is required, but host mx.test[192.0.2.1] refused to start TLS: 554 5.7.3 TLS not available)");
    row(ended(Stage.AUTH, "535 5.7.8 Authentication credentials invalid"), A, true,
        "auth: deferred 4.7.8 (SASL authentication failed; server mx.test[192.0.2.1] said: 535 5.7.8 Authentication credentials invalid)");
    row(declined(Stage.MAIL, Kind.MESSAGE_TOO_BIG), A, false, "mail: bounced 5.3.4 (why)");
    row(declined(Stage.MAIL, Kind.NEEDS_8BITMIME), A, false, "mail: bounced 5.6.3 (why)");
    row(declined(Stage.MAIL, Kind.NEEDS_BINARYMIME), A, false, "mail: bounced 5.6.3 (why)");
    row(declined(Stage.MAIL, Kind.NEEDS_SMTPUTF8), A, false, "mail: bounced 5.6.7 (why)");
    row(declined(Stage.STARTTLS, Kind.TLS_NOT_OFFERED), A, false, "starttls: deferred 4.7.4 next (why)");
    row(declined(Stage.STARTTLS, Kind.TLS_FAILED), A, true, "starttls: deferred 4.7.5 (why)");
    row(declined(Stage.STARTTLS, Kind.CERTIFICATE_NOT_VERIFIED), A, false, "starttls: deferred 4.7.5 next (why)");
    row(declined(Stage.AUTH, Kind.AUTH_UNAVAILABLE), A, false, "auth: deferred 4.7.0 next (why)");

    assertEquals(List.of(), mismatches);
  }

  @Test
  void onlyA452TooManyRecipientsAfterAnAcceptedOneGoesToTheNextTransaction() {
    String ok = "250 2.1.5 Ok";
    String tooMany = "452 4.5.3 Too many recipients";
    String sent = "250 2.0.0 Ok: queued as 4F00D";

    assertTrue(rules.tooManyRecipients(ended(Stage.MESSAGE, sent, rcpts(A, ok, B, tooMany)), B));
    assertTrue(rules.tooManyRecipients(
        ended(Stage.MESSAGE, sent, rcpts(A, ok, B, "452 Too many recipients")), B), "no enhanced code");
    assertFalse(rules.tooManyRecipients(ended(Stage.MESSAGE, sent, rcpts(A, ok, B, tooMany)), A));
    assertFalse(rules.tooManyRecipients(
        ended(Stage.MESSAGE, sent, rcpts(A, ok, B, "452 4.2.2 Mailbox full")), B), "a full mailbox");
    assertFalse(rules.tooManyRecipients(
        ended(Stage.MESSAGE, sent, rcpts(A, ok, B, "451 4.5.3 Too many recipients")), B), "not 452");
    assertFalse(rules.tooManyRecipients(
        SessionTranscript.allRecipientsRefused(MX, replies(rcpts(A, tooMany, B, tooMany))), A), "nobody taken");
    assertFalse(rules.tooManyRecipients(failed(Stage.MESSAGE, LOST, rcpts(A, ok, B, tooMany)), B));
    assertFalse(rules.tooManyRecipients(
        ended(Stage.DATA, "421 4.3.2 Closing", rcpts(A, ok, B, tooMany)), B), "the server is closing");
  }

  @Test
  void lookupFailuresBounceOnlyWhenTheNameIsCleanlyAbsent() {
    assertEquals("bounced 5.1.2 none (x)", route(RouteLookupException.Kind.NOT_FOUND));
    assertEquals("bounced 5.1.10 none (x)", route(RouteLookupException.Kind.NULL_MX));
    assertEquals("bounced 5.4.4 none (x)", route(RouteLookupException.Kind.NO_ADDRESS));
    assertEquals("bounced 5.4.6 none (x)", route(RouteLookupException.Kind.LOOPS_BACK));
    assertEquals("deferred 4.4.3 none (x)", route(RouteLookupException.Kind.TEMPORARY));
    assertEquals("deferred 4.3.0 none (bug)", show(rules.internalError("bug")));
  }

  private String route(RouteLookupException.Kind kind) {
    return show(rules.routeFailed(new RouteLookupException(kind, "x")));
  }

  private static String show(DeliveryOutcome o) {
    return o.statusWord() + " " + o.dsnStatus() + " " + o.relay() + " (" + o.detail() + ")";
  }

  private void row(SessionTranscript session, String recipient, boolean last, String expected) {
    OutcomeRules.Verdict v = rules.judge(session, recipient, last);
    DeliveryOutcome o = v.outcome();
    assertEquals(MX.relay(), o.relay());
    String actual = v.stage() + ": " + o.statusWord() + " " + o.dsnStatus() + (v.tryNextTarget() ? " next" : "")
        + " (" + o.detail() + ")";
    if (!actual.equals(expected)) {
      mismatches.add(session.stage() + " " + recipient + " last=" + last + "\n  expected " + expected
          + "\n  actual   " + actual);
    }
  }

  private static SessionTranscript failed(Stage stage, String failure) {
    return failed(stage, failure, Map.of());
  }

  private static SessionTranscript failed(Stage stage, String failure, Map<String, String> rcpts) {
    return SessionTranscript.failed(MX, stage, failure, replies(rcpts));
  }

  private static SessionTranscript declined(Stage stage, Shortfall.Kind kind) {
    return SessionTranscript.declined(MX, stage, new Shortfall(kind, "why"));
  }

  private static SessionTranscript ended(Stage stage, String reply) {
    return ended(stage, reply, Map.of());
  }

  private static SessionTranscript ended(Stage stage, String reply, Map<String, String> rcpts) {
    return SessionTranscript.ended(MX, stage, reply(reply), replies(rcpts));
  }

  private static Map<String, String> rcpts(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static Map<String, RemoteReply> replies(Map<String, String> rcpts) {
    Map<String, RemoteReply> map = new LinkedHashMap<>();
    rcpts.forEach((k, v) -> map.put(k, reply(v)));
    return map;
  }

  /** Replies go through the real parser, as they do in a session. */
  private static RemoteReply reply(String text) {
    try {
      return new ReplyReader(new ByteArrayInputStream((text + "\r\n").getBytes(StandardCharsets.UTF_8))).read();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Target target() {
    try {
      return new Target("mx.test", InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 25);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
