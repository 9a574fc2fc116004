package io.postfleet.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpReplyTest {

  @Test
  void rendersOneLineWithEnhancedCodeAndCrlf() {
    assertEquals("250 2.1.5 Ok\r\n", SmtpReply.recipientOk().render());
    assertEquals("550 5.1.1 <x@example.test>: Recipient address rejected: "
        + "User unknown in local recipient table\r\n", SmtpReply.userUnknown("x@example.test").render());
  }

  @Test
  void rendersMultiLineEhloWithHyphensAndNoEnhancedCode() {
    SmtpReply reply = SmtpReply.ehlo("mx.example.test", List.of("PIPELINING", "SIZE 1024", "8BITMIME"));

    assertEquals("250-mx.example.test\r\n250-PIPELINING\r\n250-SIZE 1024\r\n250 8BITMIME\r\n",
        reply.render());
  }

  @Test
  void multiLineWithEnhancedCodeRepeatsItOnEveryLine() {
    SmtpReply reply = new SmtpReply(214, "2.0.0", "first\nsecond");

    assertEquals("214-2.0.0 first\r\n214 2.0.0 second\r\n", reply.render());
  }

  @Test
  void greetingAndQueuedFollowPostfixWording() {
    assertEquals("220 mx.example.test ESMTP Postfleet\r\n", SmtpReply.greeting("mx.example.test").render());
    assertEquals("250 2.0.0 Ok: queued as ABC123\r\n", SmtpReply.queued("ABC123").render());
    assertEquals("503 5.5.1 Error: need MAIL command\r\n", SmtpReply.needMail().render());
  }

  @Test
  void refusesEnhancedCodeOfAnotherClassAndCrInText() {
    assertThrows(IllegalArgumentException.class, () -> new SmtpReply(250, "5.0.0", "x"));
    assertThrows(IllegalArgumentException.class, () -> new SmtpReply(250, "2.0.0", "a\rb"));
    assertThrows(IllegalArgumentException.class, () -> new SmtpReply(199, "", "x"));
  }

  @Test
  void summaryIsOneLine() {
    assertEquals("250 a b", new SmtpReply(250, "", "a\nb").summary());
    assertEquals("552 5.3.4 Error: message file too big", SmtpReply.messageTooBig().summary());
  }
}
