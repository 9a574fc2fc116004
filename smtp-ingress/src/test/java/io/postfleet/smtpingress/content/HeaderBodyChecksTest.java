package io.postfleet.smtpingress.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.postfleet.maps.content.ContentCheckKind;
import io.postfleet.maps.content.ContentRule;
import io.postfleet.maps.content.ContentRuleTable;
import io.postfleet.maps.content.ContentRules;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which line each table sees, unfolding, the body size limit, and the edits made to the message. */
class HeaderBodyChecksTest {
  private static final HeaderBodyChecks CHECKS = new HeaderBodyChecks(100);

  private static ContentRules rules(String header, String mime, String body) {
    Map<ContentCheckKind, List<ContentRule>> tables = new EnumMap<>(
        ContentCheckKind.class);
    tables.put(ContentCheckKind.HEADER, ContentRuleTable.parse(header));
    tables.put(ContentCheckKind.MIME_HEADER, ContentRuleTable.parse(mime));
    tables.put(ContentCheckKind.BODY, ContentRuleTable.parse(body));
    return new ContentRules(tables);
  }

  private static RuleVerdict check(ContentRules rules, String message) {
    return CHECKS.check(rules, message.getBytes(StandardCharsets.UTF_8), "TESTID");
  }

  private static String content(RuleVerdict v) {
    return new String(v.content(), StandardCharsets.UTF_8);
  }

  @Test
  void aFoldedHeaderIsMatchedUnfolded() {
    RuleVerdict v = check(rules("/^Subject: cheap meds now/ REJECT no meds", "", ""),
        "Subject: cheap meds\r\n now\r\n\r\nbody\r\n");
    assertEquals(RuleVerdict.Outcome.REJECT, v.outcome());
    assertEquals("no meds", v.text());
  }

  @Test
  void ignorePrependAndReplaceEditTheMessageAndLeaveTheRestByteForByte() {
    String message = "X-Spam-Flag: YES\r\nSubject: hi\r\n there\r\nFrom: a@example.org\r\n\r\nline one\r\nsecret\r\n";
    RuleVerdict v = check(rules("""
        /^X-Spam-Flag:/   IGNORE
        /^Subject: (.*)/  REPLACE Subject: [ext] $1
        /^From:/          PREPEND X-Seen: yes
        """, "", "/^secret$/ REPLACE [removed]\n"), message);
    assertEquals(RuleVerdict.Outcome.ACCEPT, v.outcome());
    assertEquals("Subject: [ext] hi there\r\nX-Seen: yes\r\nFrom: a@example.org\r\n\r\nline one\r\n[removed]\r\n",
        content(v));
  }

  @Test
  void holdQuarantinesWithTheTextAndTheScanGoesOn() {
    RuleVerdict v = check(rules("/^Subject:.*invoice/ HOLD invoice to check\n/^X-Drop:/ STRIP gone", "", ""),
        "Subject: your invoice\r\nX-Drop: 1\r\n\r\nb\r\n");
    assertEquals(RuleVerdict.Outcome.ACCEPT, v.outcome());
    assertEquals("header_checks: invoice to check", v.hold());
    assertEquals("Subject: your invoice\r\n\r\nb\r\n", content(v));
  }

  @Test
  void discardEndsTheScan() {
    RuleVerdict v = check(rules("", "", "/unsubscribe/ DISCARD\n/./ REJECT never reached"),
        "Subject: x\r\n\r\nplease unsubscribe me\r\n");
    assertEquals(RuleVerdict.Outcome.DISCARD, v.outcome());
  }

  @Test
  void mimeFieldsGoToTheMimeRulesInTheHeaderAndInEveryPart() {
    String message = """
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b1"\r
        Subject: parts\r
        \r
        --b1\r
        Content-Type: text/plain\r
        X-Part: not inspected\r
        \r
        hello\r
        --b1\r
        Content-Type: application/x-msdownload; name="run.exe"\r
        \r
        TVqQ\r
        --b1--\r
        """;
    ContentRules rules = rules("/^X-Part:/ REJECT header rules saw a part header\n/^Content-Type/ REJECT wrong table",
        "/name=\"[^\"]+\\.exe\"/ REJECT no programs", "/^X-Part/ REJECT part header went to the body");
    RuleVerdict v = check(rules, message);
    assertEquals(RuleVerdict.Outcome.REJECT, v.outcome());
    assertEquals("no programs", v.text());
  }

  @Test
  void bodyLinesPastTheSizeLimitOfTheirSegmentAreNotInspected() {
    String early = "x".repeat(98) + "\r\n";
    ContentRules rules = rules("", "", "/^bad/ REJECT found");
    assertEquals(RuleVerdict.Outcome.ACCEPT, check(rules, "S: x\r\n\r\n" + early + "bad\r\n").outcome());
    assertEquals(RuleVerdict.Outcome.REJECT,
        check(rules, "S: x\r\n\r\n" + "x".repeat(50) + "\r\nbad\r\n").outcome());
    // A new MIME segment starts the count again, as body_checks_size_limit is per segment.
    String multipart = "Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\n" + early
        + "--zz\r\n\r\nbad\r\n--zz--\r\n";
    assertEquals(RuleVerdict.Outcome.REJECT, check(rules, multipart).outcome());
  }

  @Test
  void withoutRulesTheMessageIsPassedAsItCame() {
    byte[] message = "Subject: x\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8);
    RuleVerdict v = CHECKS.check(ContentRules.NONE, message, "TESTID");
    assertSame(message, v.content());
    assertEquals("", v.hold());
  }
}
