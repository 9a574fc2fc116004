package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathParserTest {

  @Test
  void acceptsTheSeedTutorialsUnbracketedSender() throws Exception {
    MailPath path = PathParser.parseMailFrom("FROM:info@mail.example.test");

    assertEquals("info@mail.example.test", path.address());
    assertTrue(path.parameters().isEmpty());
  }

  @Test
  void goldenTableOfAcceptedSenders() throws Exception {
    String[][] table = {
        {"FROM:<a@b.example>", "a@b.example"},
        {"from:<a@b.example>", "a@b.example"},
        {"FROM:   <a@b.example>", "a@b.example"},
        {"FROM: a@b.example", "a@b.example"},
        {"FROM:<User.Name@MAIL.Example.TEST.>", "User.Name@mail.example.test"},
        {"FROM:<@relay.example,@other.example:a@b.example>", "a@b.example"},
        {"FROM:<\"john doe\"@b.example>", "\"john doe\"@b.example"},
        {"FROM:<\"a>b\"@b.example>", "\"a>b\"@b.example"},
        {"FROM:<a+tag@[192.0.2.1]>", "a+tag@[192.0.2.1]"},
        {"FROM:<a@[ipv6:2001:DB8::1]>", "a@[IPv6:2001:db8::1]"},
        {"FROM:<a..b@b.example>", "a..b@b.example"},
        {"FROM:<>", ""},
    };
    for (String[] row : table) {
      assertEquals(row[1], PathParser.parseMailFrom(row[0]).address(), row[0]);
    }
  }

  @Test
  void nullSenderIsTheEmptyAddress() throws Exception {
    assertEquals("", PathParser.parseMailFrom("FROM:<>").address());
    assertEquals("", PathParser.parseMailFrom("FROM:<> SIZE=10").address());
  }

  @Test
  void parametersAfterThePathAreSplitAndKeywordsUpperCased() throws Exception {
    MailPath path = PathParser.parseMailFrom("FROM:<a@b.example> size=123  BODY=8BITMIME");

    assertEquals(Map.of("SIZE", "123", "BODY", "8BITMIME"), path.parameters());
    assertEquals(Map.of("SIZE", "5"), PathParser.parseMailFrom("FROM:a@b.example SIZE=5").parameters());
    assertEquals(Map.of("SMTPUTF8", ""), PathParser.parseMailFrom("FROM:<a@b.example> SMTPUTF8").parameters());
  }

  @Test
  void badSenderAddressesGet501With517() {
    for (String bad : new String[] {"FROM:<a@>", "FROM:<@b.example>", "FROM:<a@b..example>",
        "FROM:<a@b.example", "FROM:<a b@c.example>", "FROM:<a@-_!.example>", "FROM:<a@[300.1.1.1]>",
        "FROM:nodomain", "FROM:<\"unterminated@b.example>", "FROM:<a@" + "x".repeat(64) + ".example>"}) {
      assertReply("501 5.1.7 Bad sender address syntax", () -> PathParser.parseMailFrom(bad), bad);
    }
  }

  @Test
  void missingKeywordOrPathGets501With554() {
    for (String bad : new String[] {"<a@b.example>", "FROM <a@b.example>", "FROM:", "FROM:   ",
        "TO:<a@b.example>", "FROM:<a@b.example>SIZE=1"}) {
      assertReply("501 5.5.4 Syntax: MAIL FROM:<address>", () -> PathParser.parseMailFrom(bad), bad);
    }
  }

  @Test
  void malformedParametersGet501With554() {
    for (String bad : new String[] {"FROM:<a@b.example> =1", "FROM:<a@b.example> SIZE=",
        "FROM:<a@b.example> SIZE=1 SIZE=2", "FROM:<a@b.example> -X=1"}) {
      assertReply("501 5.5.4 Error: bad parameter syntax", () -> PathParser.parseMailFrom(bad), bad);
    }
  }

  @Test
  void recipientsParseLikeSendersWithTheirOwnCodes() throws Exception {
    assertEquals("request@mail.example.test",
        PathParser.parseRcptTo("TO:request@mail.example.test").address());
    assertEquals("request@mail.example.test",
        PathParser.parseRcptTo("to: <request@Mail.Example.Test>").address());
    assertReply("501 5.1.3 Bad recipient address syntax", () -> PathParser.parseRcptTo("TO:<>"), "<>");
    assertReply("501 5.1.3 Bad recipient address syntax", () -> PathParser.parseRcptTo("TO:<root>"), "root");
    assertReply("501 5.5.4 Syntax: RCPT TO:<address>", () -> PathParser.parseRcptTo("FROM:<a@b.example>"), "x");
  }

  @Test
  void internationalisedAddressesAreParsedAndFlagged() throws Exception {
    MailPath path = PathParser.parseRcptTo("TO:<J\u00f6rg@B\u00dcCHER.example.> NOTIFY=NEVER");
    assertEquals("J\u00f6rg@b\u00fccher.example", path.address());
    assertTrue(path.internationalised());
    assertTrue(!PathParser.parseRcptTo("TO:<a@b.example>").internationalised());
    assertEquals("\u7528\u6237@\u4f8b\u5b50.\u6d4b\u8bd5",
        PathParser.parseMailFrom("FROM:<\u7528\u6237@\u4f8b\u5b50.\u6d4b\u8bd5>").address());
    // 22 three-octet characters are 66 octets: too long for a local part though only 22 characters.
    assertReply("501 5.1.3 Bad recipient address syntax",
        () -> PathParser.parseRcptTo("TO:<" + "\u7528".repeat(22) + "@b.example>"), "long");
    // A full-width 'a' maps to plain ASCII under IDNA: a second spelling of a.example, refused.
    assertReply("501 5.1.3 Bad recipient address syntax",
        () -> PathParser.parseRcptTo("TO:<x@\uff41.example>"), "fullwidth");
  }

  @Test
  void aSharpSIsADomainOfItsOwn() throws Exception {
    // UTS #46 non-transitional: fa\u00df.de is xn--fa-hia.de, a valid U-label, not a spelling of fass.de.
    assertEquals("j@fa\u00df.de", PathParser.parseRcptTo("TO:<j@FA\u00df.de>").address());
  }

  @Test
  void tooManyParametersGet501() throws Exception {
    String ten = " A=1 B=2 C=3 D=4 E=5 F=6 G=7 H=8 I=9 J=10";
    assertEquals(10, PathParser.parseMailFrom("FROM:<a@b.example>" + ten).parameters().size());
    assertReply("501 5.5.4 Error: too many parameters",
        () -> PathParser.parseMailFrom("FROM:<a@b.example>" + ten + " K=11"), "eleven");
  }

  @Test
  void barePostmasterIsAcceptedAtRcpt() throws Exception {
    assertEquals(PathParser.POSTMASTER, PathParser.parseRcptTo("TO:<Postmaster>").address());
    assertReply("501 5.1.7 Bad sender address syntax", () -> PathParser.parseMailFrom("FROM:<postmaster>"), "pm");
  }

  private interface Parse {
    MailPath run() throws SmtpSyntaxException;
  }

  private static void assertReply(String expected, Parse parse, String input) {
    SmtpSyntaxException e = assertThrows(SmtpSyntaxException.class, parse::run, input);
    assertEquals(expected, e.reply().summary(), input);
  }
}
