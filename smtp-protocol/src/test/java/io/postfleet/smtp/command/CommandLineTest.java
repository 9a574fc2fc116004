package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CommandLineTest {

  @Test
  void splitsVerbAndArgumentAndUpperCasesTheVerbOnly() throws Exception {
    assertEquals(new CommandLine("MAIL", "FROM:<Info@Example.test>"),
        CommandLine.parse("mail FROM:<Info@Example.test>"));
    assertEquals(new CommandLine("EHLO", "mail.example.test"), CommandLine.parse("EhLo   mail.example.test  "));
    assertEquals(new CommandLine("QUIT", ""), CommandLine.parse("QUIT"));
    assertEquals(new CommandLine("NOOP", ""), CommandLine.parse(" noop "));
  }

  @Test
  void tabSeparatesLikeSpace() throws Exception {
    assertEquals(new CommandLine("HELO", "x"), CommandLine.parse("HELO\tx"));
  }

  @Test
  void refusesEmptyLinesControlCharactersAnd8BitBytes() {
    for (String bad : new String[] {"", "   ", "HELO a\rX-Injected: 1", "HELO a\0", "HELO caf\u00e9"}) {
      SmtpSyntaxException e = assertThrows(SmtpSyntaxException.class, () -> CommandLine.parse(bad));
      assertEquals("500 5.5.2 Error: bad syntax", e.reply().summary(), bad);
    }
  }
}
