package io.postfleet.queuemanager.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.InboundMessage;
import java.nio.charset.StandardCharsets;
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
        + "Remote-MTA: dns; mx.remote.test\r\nDiagnostic-Code: smtp; 550 5.1.1 <bob@remote.test>: no such user\r\n"), t);
    assertTrue(t.contains("Final-Recipient: rfc822; gone@example.test\r\nOriginal-Recipient: rfc822; team@example.test\r\n"
        + "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: X-Postfleet; user unknown in local recipient table\r\n"), t);
    assertTrue(t.contains("Content-Type: message/rfc822\r\n\r\nSubject: hello\r\nFrom: ann@example.test\r\n\r\nthe body\r\n"), t);
    assertEquals(dsn.envelope().size(), dsn.content().length);
  }

  @Test
  void retHdrsReturnsOnlyTheHeadersAndEnvidAndOrcptAreReported() {
    EsmtpOptions options = new EsmtpOptions(EsmtpOptions.BodyType.SEVEN_BIT, false, "env-42",
        EsmtpOptions.DsnReturn.HDRS,
        Map.of("bob@remote.test", new EsmtpOptions.RecipientDsn(Set.of(EsmtpOptions.Notify.FAILURE), "rfc822;Bob@Remote.test")));
    String t = text(COMPOSER.compose(new ReturnedMail("Q2", "ann@example.test", ARRIVAL, options, ORIGINAL,
        List.of(REFUSED)), ARRIVAL));
    assertTrue(t.contains("Original-Envelope-Id: env-42\r\n"), t);
    assertTrue(t.contains("Original-Recipient: rfc822; Bob@Remote.test\r\n"), t);
    assertTrue(t.contains("Content-Type: text/rfc822-headers\r\n\r\nSubject: hello\r\nFrom: ann@example.test\r\n\r\n--"), t);
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
    assertEquals(DsnComposer.notificationId("Q5", List.of(REFUSED), "b"),
        DsnComposer.notificationId("Q5", List.of(REFUSED), "b"));
    assertFalse(DsnComposer.notificationId("Q5", List.of(REFUSED), "b")
        .equals(DsnComposer.notificationId("Q5", List.of(UNKNOWN), "b")));
    assertTrue(DsnComposer.notificationId("Q5", List.of(REFUSED), "b").matches("[A-Za-z0-9]{1,32}"));
  }

  @Test
  void aLargeOriginalIsReturnedAsHeadersUnlessRetFullAsksForAll() {
    byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(DsnComposer.FULL_RETURN_LIMIT)).getBytes(StandardCharsets.US_ASCII);
    assertTrue(text(COMPOSER.compose(new ReturnedMail("Q6", "a@example.test", ARRIVAL, EsmtpOptions.NONE, big,
        List.of(REFUSED)), ARRIVAL)).contains("text/rfc822-headers"));
  }
}
