package io.postfleet.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
  void refusesEmptyLinesAndControlCharacters() {
    for (String bad : new String[] {"", "   ", "HELO a\rX-Injected: 1", "HELO a\0", "HELO a\u007f",
        wire("RCPT TO:<a\u0085b@example.test>")}) {
      SmtpSyntaxException e = assertThrows(SmtpSyntaxException.class, () -> CommandLine.parse(bad));
      assertEquals("500 5.5.2 Error: bad syntax", e.reply().summary(), bad);
    }
  }

  @Test
  void eightBitBytesAreDecodedAsUtf8() throws Exception {
    CommandLine line = CommandLine.parse(wire("RCPT TO:<j\u00f6rg@b\u00fccher.example>"));
    assertEquals(new CommandLine("RCPT", "TO:<j\u00f6rg@b\u00fccher.example>"), line);
    assertFalse(line.ascii());
    assertTrue(CommandLine.parse("NOOP x").ascii());
  }

  @Test
  void invalidUtf8IsRefused() {
    // Latin-1 é, a truncated sequence, an overlong encoding of '/', and a lone surrogate.
    for (String bad : new String[] {"HELO caf\u00e9", "MAIL FROM:<a\u00c3@b.example>",
        "MAIL FROM:<a\u00c0\u00afb@b.example>", "NOOP \u00ed\u00a0\u0080"}) {
      SmtpSyntaxException e = assertThrows(SmtpSyntaxException.class, () -> CommandLine.parse(bad));
      assertEquals("500 5.5.2 Error: bad UTF-8 syntax", e.reply().summary(), bad);
    }
  }

  /** The line as the input decoder hands it over: UTF-8 bytes as ISO-8859-1 characters. */
  private static String wire(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
