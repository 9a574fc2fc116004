package io.postfleet.smtpingress.checks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.postfleet.smtpingress.checks.DmarcVerdict.Disposition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationResultsHeaderTest {

  @Test
  void rendersEveryMethodOnItsOwnFoldedLine() {
    String header = AuthenticationResultsHeader.render("mx.example.test",
        new IprevVerdict(AuthResult.PASS, "host.example"),
        List.of(new SpfVerdict(AuthResult.PASS, "mailfrom", "x@example.com", "example.com", "")),
        List.of(new DkimVerdict(AuthResult.PASS, "example.com", "s1", "rsa-sha256", "abcdEFGH", "")),
        new DmarcVerdict(AuthResult.PASS, "example.com", "example.com", Disposition.NONE), "192.0.2.1");

    assertEquals("Authentication-Results: mx.example.test;\r\n"
        + "\tiprev=pass smtp.remote-ip=192.0.2.1 (host.example);\r\n"
        + "\tspf=pass smtp.mailfrom=x@example.com;\r\n"
        + "\tdkim=pass header.d=example.com header.s=s1 header.b=abcdEFGH;\r\n"
        + "\tdmarc=pass header.from=example.com\r\n", header);
  }

  @Test
  void rendersTheSpoofsFailuresWithHeloAndReasons() {
    String header = AuthenticationResultsHeader.render("mx.ours.test",
        new IprevVerdict(AuthResult.FAIL, ""),
        List.of(new SpfVerdict(AuthResult.NONE, "helo", "bad.example", "bad.example", ""),
            new SpfVerdict(AuthResult.FAIL, "mailfrom", "elon.musk@spacex.test", "spacex.test", "not permitted")),
        List.of(new DkimVerdict(AuthResult.FAIL, "spacex.test", "k1", "rsa-sha256", "ab/+cd==",
            "body hash did not verify")),
        new DmarcVerdict(AuthResult.FAIL, "spacex.test", "spacex.test", Disposition.REJECT), "2001:db8::25");

    assertEquals("Authentication-Results: mx.ours.test;\r\n"
        + "\tiprev=fail smtp.remote-ip=\"2001:db8::25\";\r\n"
        + "\tspf=none smtp.helo=bad.example;\r\n"
        + "\tspf=fail smtp.mailfrom=elon.musk@spacex.test;\r\n"
        + "\tdkim=fail reason=\"body hash did not verify\" header.d=spacex.test header.s=k1 header.b=\"ab/+cd==\";\r\n"
        + "\tdmarc=fail header.from=spacex.test\r\n", header);
  }

  @Test
  void nothingRunIsNone() {
    assertEquals("Authentication-Results: mx.ours.test; none\r\n",
        AuthenticationResultsHeader.render("mx.ours.test", null, List.of(), List.of(), null, "192.0.2.1"));
  }

  @Test
  void quotesWhatTheGrammarNeedsAndDropsLineBreaksFromInput() {
    String header = AuthenticationResultsHeader.render("mx.ours.test",
        new IprevVerdict(AuthResult.PASS, "evil(host)\r\nX-Injected: yes"),
        List.of(new SpfVerdict(AuthResult.PASS, "mailfrom", "\"john doe\"@example.com", "example.com", ""),
            new SpfVerdict(AuthResult.SOFTFAIL, "mailfrom", "a\"b\\c@example.com", "example.com", "")),
        List.of(new DkimVerdict(AuthResult.PERMERROR, "", "", "", "", "no d= tag\nX-Other: 1")),
        new DmarcVerdict(AuthResult.PERMERROR, "", "", Disposition.NONE), "192.0.2.1");

    assertEquals("Authentication-Results: mx.ours.test;\r\n"
        + "\tiprev=pass smtp.remote-ip=192.0.2.1 (evil\\(host\\)X-Injected: yes);\r\n"
        + "\tspf=pass smtp.mailfrom=\"\\\"john doe\\\"\"@example.com;\r\n"
        + "\tspf=softfail smtp.mailfrom=\"a\\\"b\\\\c\"@example.com;\r\n"
        + "\tdkim=permerror reason=\"no d= tagX-Other: 1\";\r\n"
        + "\tdmarc=permerror\r\n", header);
    assertFalse(header.substring(0, header.length() - 2).replace("\r\n\t", "").contains("\n"));
  }

  @Test
  void removesOurFieldsWithTheirFoldsAndKeepsEverythingElse() {
    String message = "Received: from a by b\r\n"
        + "Authentication-Results: MX.Ours.Test;\r\n"
        + "\tspf=pass smtp.mailfrom=forged@bank.test;\r\n"
        + "\tdkim=pass header.d=bank.test\r\n"
        + "Authentication-Results: mx.elsewhere.test; spf=fail smtp.mailfrom=x@y.test\r\n"
        + "authentication-results : (comment) \"mx.ours.test\" 1; none\r\n"
        + "Subject: Authentication-Results: mx.ours.test; none\r\n"
        + "Authentication-Results: mx.ours.test.evil; none\r\n"
        + "From: a@bank.test\r\n"
        + "Authentication-Results: mx.ours.test; dmarc=pass\r\n"
        + "\r\n"
        + "Authentication-Results: mx.ours.test; in the body\r\n";

    String cleaned = new String(AuthenticationResultsHeader.removeOurs(bytes(message), "mx.ours.test"),
        StandardCharsets.UTF_8);

    assertEquals("Received: from a by b\r\n"
        + "Authentication-Results: mx.elsewhere.test; spf=fail smtp.mailfrom=x@y.test\r\n"
        + "Subject: Authentication-Results: mx.ours.test; none\r\n"
        + "Authentication-Results: mx.ours.test.evil; none\r\n"
        + "From: a@bank.test\r\n"
        + "\r\n"
        + "Authentication-Results: mx.ours.test; in the body\r\n", cleaned);
  }

  @Test
  void aMessageWithoutOurFieldsIsUnchangedByteForByte() {
    byte[] message = "Subject: caf\u00e9\nAuthentication-Results: other.test; none\n\n\u0000body"
        .getBytes(StandardCharsets.UTF_8);

    assertArrayEquals(message, AuthenticationResultsHeader.removeOurs(message, "mx.ours.test"));
  }

  @Test
  void ourFieldAtTheVeryEndOfAHeaderOnlyMessageGoes() {
    String message = "Subject: x\r\nAuthentication-Results: mx.ours.test;\r\n\tspf=pass smtp.mailfrom=a@b.test";

    assertEquals("Subject: x\r\n",
        new String(AuthenticationResultsHeader.removeOurs(bytes(message), "mx.ours.test"), StandardCharsets.UTF_8));
  }

  @Test
  void readsTheAuthservIdPastCommentsAndQuotes() {
    assertEquals("mx.ours.test", AuthServId.of(" (a (nested) comment)\r\n mx.ours.test; none"));
    assertEquals("mx ours", AuthServId.of(" \"mx\\ ours\" 1; none"));
    assertEquals("mx.ours.test", AuthServId.of("mx.ours.test;spf=pass"));
    assertEquals("", AuthServId.of(" ; none"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
