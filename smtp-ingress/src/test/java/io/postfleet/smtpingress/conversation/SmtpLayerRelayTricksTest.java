package io.postfleet.smtpingress.conversation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No open relay under any address trick (a golden table): an untrusted, unauthenticated client
 * gets to our users and nowhere else. The relay decision uses the domain the parser normalised,
 * which is where the message would go; every trick leaves the real destination in that domain or
 * is refused as bad syntax.
 */
class SmtpLayerRelayTricksTest {
  private static final String[][] TABLE = {
      // address as sent, the reply the client must get
      {"<request@mail.example.test>", "250 2.1.5 Ok"},
      {"<request@MAIL.Example.TEST.>", "250 2.1.5 Ok"},
      {"request@mail.example.test", "250 2.1.5 Ok"},
      // percent hack, bang path, quoted @: local parts of our domain, unknown users there
      {"<victim%remote.example@mail.example.test>", "550 5.1.1 <victim%remote.example@mail.example.test>:"},
      {"<remote.example!victim@mail.example.test>", "550 5.1.1 <remote.example!victim@mail.example.test>:"},
      {"<\"victim@remote.example\"@mail.example.test>", "550 5.1.1 <\"victim@remote.example\"@mail.example.test>:"},
      {"<\"victim@remote.example\\\"\"@mail.example.test>", "550 5.1.1"},
      // source routes are dropped: the mailbox's own domain decides (RFC 5321 §4.1.1.3)
      {"<@mail.example.test:victim@remote.example>", "554 5.7.1 <victim@remote.example>: Relay access denied"},
      {"<@mail.example.test,@mx.postfleet.test:victim@Remote.Example.>", "554 5.7.1 <victim@remote.example>:"},
      // other domains in any spelling
      {"<victim@remote.example>", "554 5.7.1 <victim@remote.example>: Relay access denied"},
      {"<victim@REMOTE.EXAMPLE.>", "554 5.7.1 <victim@remote.example>: Relay access denied"},
      {"<victim@mail.example.test.remote.example>", "554 5.7.1"},
      {"<victim@[192.0.2.1]>", "554 5.7.1 <victim@[192.0.2.1]>: Relay access denied"},
      {"<victim@[IPv6:2001:DB8::1]>", "554 5.7.1 <victim@[IPv6:2001:db8::1]>: Relay access denied"},
      {"<victim@[127.0.0.1]>", "554 5.7.1"},
      // ambiguous forms are not addresses at all
      {"<victim@remote.example@mail.example.test>", "501 5.1.3 Bad recipient address syntax"},
      {"<victim@mail.example.test@remote.example>", "501 5.1.3"},
      {"<victim@remote.example%mail.example.test>", "501 5.1.3"},
      {"<victim@mail.example.test..>", "501 5.1.3"},
      {"<victim@.mail.example.test>", "501 5.1.3"},
      {"<victim@mail.example.test> <victim@remote.example>", "501 5.5.4"},
      {"<victim@[192.0.2.1.5]>", "501 5.1.3"},
      {"<@remote.example>", "501 5.1.3"},
      {"<mail.example.test:victim@remote.example>", "501 5.1.3"},
  };

  @Test
  void goldenTableOfAddressTricks() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).errorLimit(1000).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO attacker.example", "250 ");
      c.exchange("MAIL FROM:<spammer@attacker.example>", "250");
      for (String[] row : TABLE) {
        c.exchange("RCPT TO:" + row[0], row[1]);
      }
      c.exchange("DATA", "354");
      c.exchange("spam\r\n.", "250 2.0.0 Ok: queued as");
      assertEquals(List.of("request@mail.example.test"), server.publisher.published().get(0).envelope().recipients());
    }
  }

  @Test
  void internationalisedLookalikesOfOurDomainAreNotOurs() throws Exception {
    try (SmtpTestServer server = SmtpTestServer.builder().trustedNetworks(List.of()).start();
        SmtpTestClient c = server.connect()) {
      c.expect("220");
      c.exchange("EHLO attacker.example", "250 ");
      c.sendUtf8("MAIL FROM:<spammer@attacker.example> SMTPUTF8");
      c.expect("250");
      // A full-width letter that IDNA would map onto "mail.example.test": refused, not relayed.
      c.sendUtf8("RCPT TO:<victim@\uff4dail.example.test>");
      c.expect("501 5.1.3");
      c.sendUtf8("RCPT TO:<victim@m\u00e4il.example.test>");
      c.expect("554 5.7.1 <victim@m\u00e4il.example.test>: Relay access denied");
    }
  }
}
