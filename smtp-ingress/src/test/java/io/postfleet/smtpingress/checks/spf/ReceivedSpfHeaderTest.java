package io.postfleet.smtpingress.checks.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.postfleet.smtpingress.checks.AuthResult;
import io.postfleet.smtpingress.checks.SpfVerdict;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ReceivedSpfHeaderTest {
  private final ReceivedSpfHeader header = new ReceivedSpfHeader("mx.receiver.test");

  @Test
  void passForMailFromReadsAsRfc7208Example() throws Exception {
    SpfVerdict pass = new SpfVerdict(AuthResult.PASS, "mailfrom", "x@y.test", "y.test", "");

    String field = header.render(pass, InetAddress.getByName("192.0.2.1"), "mail.y.test");

    assertEquals("Received-SPF: pass (mx.receiver.test: domain of x@y.test designates 192.0.2.1\r\n"
        + "\tas permitted sender) client-ip=192.0.2.1; envelope-from=\"x@y.test\";\r\n"
        + "\thelo=mail.y.test; receiver=mx.receiver.test; identity=mailfrom;\r\n", field);
  }

  @Test
  void heloIdentityHasNoEnvelopeFrom() throws Exception {
    SpfVerdict fail = new SpfVerdict(AuthResult.FAIL, "helo", "postmaster@mail.y.test", "mail.y.test", "");

    String field = header.render(fail, InetAddress.getByName("2001:db8::25"), "mail.y.test");

    assertTrue(field.startsWith("Received-SPF: fail (mx.receiver.test: domain of postmaster@mail.y.test does"), field);
    assertTrue(field.contains("client-ip=2001:db8:0:0:0:0:0:25;"), field);
    assertTrue(field.contains("identity=helo;"), field);
    assertFalse(field.contains("envelope-from"), field);
  }

  @Test
  void everyResultHasItsWording() throws Exception {
    InetAddress ip = InetAddress.getByName("192.0.2.1");
    assertTrue(render(AuthResult.SOFTFAIL, ip).contains("domain of transitioning x@y.test does not designate"));
    assertTrue(render(AuthResult.NEUTRAL, ip).contains("192.0.2.1 is neither permitted nor denied by domain of"));
    assertTrue(render(AuthResult.NONE, ip).contains("does not designate permitted sender hosts"));
    assertTrue(render(AuthResult.TEMPERROR, ip).startsWith("Received-SPF: temperror ("));
    assertTrue(render(AuthResult.PERMERROR, ip).contains("permanent error in processing domain of y.test"));
  }

  @Test
  void hostileHeloAndSenderCannotBreakTheField() throws Exception {
    SpfVerdict verdict = new SpfVerdict(AuthResult.PASS, "mailfrom", "a\"b)\r\nX-Evil: 1@y.test", "y.test", "");

    String field = header.render(verdict, InetAddress.getByName("192.0.2.1"), "evil\r\nX-Injected: yes (");

    // Only the folding CRLFs, each followed by a tab, and the final one.
    String unfolded = field.substring(0, field.length() - 2).replace("\r\n\t", " ");
    assertFalse(unfolded.contains("\r") || unfolded.contains("\n"), field);
    assertTrue(field.endsWith("\r\n"));
    assertTrue(field.contains("envelope-from=\"a\\\"b)??X-Evil: 1@y.test\";"), field);
    assertTrue(field.contains("helo=\"evil??X-Injected: yes (\";"), field);
    assertTrue(field.contains("a\"b\\)??X-Evil:"), field);
    for (String line : field.split("\r\n")) {
      assertTrue(line.length() <= 78, line);
    }
  }

  private String render(AuthResult result, InetAddress ip) {
    // Unfolded (RFC 5322 §2.2.3), so the wording can be looked for across the folds.
    return header.render(new SpfVerdict(result, "mailfrom", "x@y.test", "y.test", ""), ip, "mail.y.test")
        .replace("\r\n\t", " ");
  }
}
