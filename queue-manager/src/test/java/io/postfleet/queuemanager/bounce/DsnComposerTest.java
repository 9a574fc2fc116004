package io.postfleet.queuemanager.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DsnComposerTest {
  private static final DsnComposer COMPOSER = new DsnComposer("mx.example.test", "postmaster@example.test");
  private static final Instant ARRIVAL = Instant.parse("2026-11-28T06:00:00Z");
  private static final byte[] ORIGINAL = "Subject: hello\r\nFrom: ann@example.test\r\n\r\nthe body\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final Failure REFUSED = new Failure("bob@remote.test", "bob@remote.test", "5.1.1",
      "mx.remote.test[192.0.2.1]:25", "550 5.1.1 <bob@remote.test>: no such user");
  private static final Failure UNKNOWN = new Failure("gone@example.test", "team@example.test", "5.1.1", "",
      "user unknown in local recipient table");

  private static String text(InboundMessage m) {
    return new String(m.content(), StandardCharsets.UTF_8);
  }

  @Test
  void failuresTogetherMakeOneRfc3464ReportToTheSender() {
    InboundMessage dsn = COMPOSER.compose(new ReturnedMail("Q1", "ann@example.test", ARRIVAL, EsmtpOptions.NONE,
        ORIGINAL, List.of(REFUSED, UNKNOWN)), ARRIVAL.plusSeconds(60));
    String t = text(dsn);
    assertEquals("", dsn.envelope().mailFrom());
    assertEquals(List.of("ann@example.test"), dsn.envelope().recipients());
    assertTrue(t.contains("Content-Type: multipart/report; report-type=delivery-status;"), t);
    assertTrue(t.contains("Reporting-MTA: dns; mx.example.test\r\n"), t);
    assertTrue(t.contains("Final-Recipient: rfc822; bob@remote.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        + "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 550 5.1.1 <bob@remote.test>: no such user\r\n"),
        t);
    assertTrue(
        t.contains("Final-Recipient: rfc822; gone@example.test\r\nOriginal-Recipient: rfc822; team@example.test\r\n"
            + "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: X-Postfleet; user unknown in local recipient table\r\n"),
        t);
    assertTrue(
        t.contains("Content-Type: message/rfc822\r\n\r\nSubject: hello\r\nFrom: ann@example.test\r\n\r\nthe body\r\n"),
        t);
    assertEquals(dsn.envelope().size(), dsn.content().length);
  }

  @Test
  void retHdrsReturnsOnlyTheHeadersAndEnvidAndOrcptAreReported() {
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-42",
        EsmtpOptions.DsnReturn.HDRS,
        Map.of("bob@remote.test",
            new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.FAILURE), "rfc822;Bob@Remote.test")));
    String t = text(COMPOSER.compose(new ReturnedMail("Q2", "ann@example.test", ARRIVAL, options, ORIGINAL,
        List.of(REFUSED)), ARRIVAL));
    assertTrue(t.contains("Original-Envelope-Id: env-42\r\n"), t);
    assertTrue(t.contains("Original-Recipient: rfc822; Bob@Remote.test\r\n"), t);
    assertTrue(
        t.contains("Content-Type: text/rfc822-headers\r\n\r\nSubject: hello\r\nFrom: ann@example.test\r\n\r\n--"), t);
    assertFalse(t.contains("the body"), t);
  }

  @Test
  void aBounceThatBouncedGoesToThePostmasterOnceAndNoFurther() {
    InboundMessage copy = COMPOSER.compose(new ReturnedMail("Q3b0a1b2c3d", "", ARRIVAL, EsmtpOptions.NONE, ORIGINAL,
        List.of(REFUSED)), ARRIVAL);
    assertEquals(List.of("postmaster@example.test"), copy.envelope().recipients());
    assertEquals("", copy.envelope().mailFrom());
    assertTrue(text(copy).contains("Subject: Postmaster Copy: Undelivered Mail\r\n"), text(copy));
    // The postmaster copy failing in turn is only logged: no third message, no loop.
    assertNull(COMPOSER.compose(new ReturnedMail(copy.envelope().queueId(), "", ARRIVAL, EsmtpOptions.NONE,
        copy.content(), List.of(REFUSED)), ARRIVAL));
  }

  @Test
  void nobodyIsToldWhenNotifyExcludesFailure() {
    EsmtpOptions never = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.DEFAULT,
        Map.of("bob@remote.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.NEVER), "")));
    assertNull(COMPOSER.compose(new ReturnedMail("Q4", "ann@example.test", ARRIVAL, never, ORIGINAL, List.of(REFUSED)),
        ARRIVAL));
  }

  @Test
  void theSameFailuresGiveTheSameNotificationIdSoAReplayIsStoredOnce() {
    assertEquals(DsnComposer.notificationId("Q5", List.of(REFUSED.recipient()), "b"),
        DsnComposer.notificationId("Q5", List.of(REFUSED.recipient()), "b"));
    assertFalse(DsnComposer.notificationId("Q5", List.of(REFUSED.recipient()), "b")
        .equals(DsnComposer.notificationId("Q5", List.of(UNKNOWN.recipient()), "b")));
    assertTrue(DsnComposer.notificationId("Q5", List.of(REFUSED.recipient()), "b").matches("[A-Za-z0-9]{1,32}"));
  }

  @Test
  void aLargeOriginalIsReturnedAsHeadersUnlessRetFullAsksForAll() {
    byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(DsnComposer.FULL_RETURN_LIMIT))
        .getBytes(StandardCharsets.US_ASCII);
    assertTrue(text(COMPOSER.compose(new ReturnedMail("Q6", "a@example.test", ARRIVAL, EsmtpOptions.NONE, big,
        List.of(REFUSED)), ARRIVAL)).contains("text/rfc822-headers"));
  }

  private static final ReportedRecipient WAITING = new ReportedRecipient("bob@remote.test", "bob@remote.test", "4.4.1",
      "mx.remote.test[192.0.2.1]:25", "451 4.4.1 try again later");

  private static StatusReport delay(String sender, EsmtpOptions options, List<ReportedRecipient> recipients) {
    return new StatusReport(DsnKind.DELAY, "Q7", sender, ARRIVAL, options, ORIGINAL, recipients,
        ARRIVAL.plus(Duration.ofDays(5)));
  }

  private static EsmtpOptions notify(String recipient, EsmtpOptions.Notify... on) {
    return new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "", EsmtpOptions.DsnReturn.FULL,
        Map.of(recipient, new EsmtpOptions.RecipientDsn(Set.of(on), "")));
  }

  @Test
  void aDelayWarningSaysItIsOnlyAWarningAndReturnsTheHeadersOnly() {
    ReportedRecipient local = new ReportedRecipient("carol@other.test", "carol@other.test", "4.4.1", "",
        "connect to mx.other.test: connection refused");
    InboundMessage dsn = COMPOSER.compose(delay("ann@example.test", notify("x@y.test"), List.of(WAITING, local)),
        ARRIVAL.plus(Duration.ofHours(4).plusMinutes(3)));
    String t = text(dsn);
    assertEquals(List.of("ann@example.test"), dsn.envelope().recipients());
    assertEquals("", dsn.envelope().mailFrom());
    assertTrue(dsn.envelope().queueId().matches("Q7w[0-9a-f]{8}"), dsn.envelope().queueId());
    assertTrue(t.contains("Subject: Delayed Mail (still being retried)\r\n"), t);
    assertTrue(t.contains("# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #"), t);
    assertTrue(
        t.contains("could not be delivered for more than 4 hour(s).\r\nIt will be retried until it is 5 day(s) old."),
        t);
    assertTrue(t.contains("Final-Recipient: rfc822; bob@remote.test\r\nAction: delayed\r\nStatus: 4.4.1\r\n"
        + "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 451 4.4.1 try again later\r\n"
        + "Will-Retry-Until: Thu, 3 Dec 2026 06:00:00 +0000\r\n"), t);
    assertTrue(t.contains("Final-Recipient: rfc822; carol@other.test\r\nAction: delayed\r\nStatus: 4.4.1\r\n"), t);
    // RET=FULL asked for the whole message, but RFC 3461 §4.3 returns only headers when nothing failed.
    assertTrue(t.contains("Content-Description: Delayed Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        + "Subject: hello\r\nFrom: ann@example.test\r\n\r\n--"), t);
    assertFalse(t.contains("the body"), t);
  }

  @Test
  void delayWarningsFollowNotifyAndNeverGoToTheNullSender() {
    assertNull(COMPOSER.compose(delay("", EsmtpOptions.NONE, List.of(WAITING)), ARRIVAL));
    assertNull(COMPOSER.compose(delay("ann@example.test", notify("bob@remote.test", EsmtpOptions.Notify.NEVER),
        List.of(WAITING)), ARRIVAL));
    assertNull(COMPOSER.compose(delay("ann@example.test", notify("bob@remote.test", EsmtpOptions.Notify.FAILURE),
        List.of(WAITING)), ARRIVAL));
    assertTrue(text(COMPOSER.compose(delay("ann@example.test", notify("bob@remote.test", EsmtpOptions.Notify.DELAY),
        List.of(WAITING)), ARRIVAL)).contains("Action: delayed"));
  }

  @Test
  void successIsReportedOnlyWhenAskedAsDeliveredToAMailboxOrRelayedToAServer() {
    ReportedRecipient mailbox = new ReportedRecipient("request@example.test", "sales@example.test", "2.0.0", "",
        "delivered to maildir Q8.abc");
    ReportedRecipient relayed = new ReportedRecipient("bob@remote.test", "bob@remote.test", "2.0.0",
        "mx.remote.test[192.0.2.1]:25", "250 2.0.0 Ok: queued as 123");
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-8",
        EsmtpOptions.DsnReturn.FULL,
        Map.of("sales@example.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS,
            EsmtpOptions.Notify.FAILURE), "rfc822;sales@example.test"),
            "bob@remote.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.SUCCESS), "")));
    String t = text(COMPOSER.compose(new StatusReport(DsnKind.SUCCESS, "Q8", "ann@example.test", ARRIVAL, options,
        ORIGINAL, List.of(mailbox, relayed), null), ARRIVAL));
    assertTrue(t.contains("Subject: Successful Mail Delivery Report\r\n"), t);
    assertTrue(t.contains("Your message was successfully delivered to the destination(s)"), t);
    assertTrue(
        t.contains("Final-Recipient: rfc822; request@example.test\r\nOriginal-Recipient: rfc822; sales@example.test\r\n"
            + "Action: delivered\r\nStatus: 2.0.0\r\nDiagnostic-Code: X-Postfleet; delivered to maildir Q8.abc\r\n"),
        t);
    assertTrue(t.contains("Final-Recipient: rfc822; bob@remote.test\r\nAction: relayed\r\nStatus: 2.0.0\r\n"
        + "Remote-MTA: dns; mx.remote.test\r\n"), t);
    assertTrue(t.contains("Original-Envelope-Id: env-8\r\n"), t);
    assertFalse(t.contains("Will-Retry-Until"), t);
    assertFalse(t.contains("the body"), t);
    // Without NOTIFY, RFC 3461 §4.1 reports failures only: no success notice.
    assertNull(COMPOSER.compose(new StatusReport(DsnKind.SUCCESS, "Q8", "ann@example.test", ARRIVAL, EsmtpOptions.NONE,
        ORIGINAL, List.of(relayed), null), ARRIVAL));
    assertNull(COMPOSER.compose(new StatusReport(DsnKind.SUCCESS, "Q8", "", ARRIVAL, options, ORIGINAL,
        List.of(relayed), null), ARRIVAL));
  }
}
