package io.postfleet.localdelivery.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.contract.EsmtpOptions;
import io.postfleet.contract.LocalDeliveryJob;
import io.postfleet.contract.MailboxFormat;
import io.postfleet.contract.PipeCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipeMacrosTest {
  private static LocalDeliveryJob job(String sender, String recipient) {
    return new LocalDeliveryJob("4F2A9C", sender, recipient, "Announce+Q4@Lists.test", EsmtpOptions.NONE,
        Instant.EPOCH, new byte[0], "", MailboxFormat.MAILDIR, "/bin/x", 0);
  }

  @Test
  void everyMacroHasItsValue() {
    PipeCommand command = PipeCommand.parse(
        "/bin/x ${sender} ${recipient} ${original_recipient} ${nexthop} ${user} ${extension} ${domain} ${queue_id}");
    assertEquals(List.of("/bin/x", "a@b.test", "announce+q4@lists.test", "Announce+Q4@Lists.test", "lists.test",
        "announce", "q4", "lists.test", "4F2A9C"),
        command.argv(PipeMacros.of(job("a@b.test", "announce+q4@lists.test"), "MAILER-DAEMON")));
  }

  @Test
  void theNullSenderAndAnAddressWithoutExtension() {
    assertEquals(List.of("/bin/x", "MAILER-DAEMON", "announce", ""),
        PipeCommand.parse("/bin/x ${sender} ${user} ${extension}")
            .argv(PipeMacros.of(job("", "announce@lists.test"), "MAILER-DAEMON")));
  }

  @Test
  void crlfBecomesLfAndNothingElseChanges() {
    byte[] in = "Subject: a\r\n\r\nline\r\nbare\rcr\n.\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals("Subject: a\n\nline\nbare\rcr\n.\n", new String(PipeDelivery.withLf(in), StandardCharsets.US_ASCII));
  }
}
