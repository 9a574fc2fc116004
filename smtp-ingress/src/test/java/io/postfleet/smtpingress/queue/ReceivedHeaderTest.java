package io.postfleet.smtpingress.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.postfleet.smtpingress.session.ClientEndpoint;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedHeaderTest {
  private static final ZonedDateTime WHEN = ZonedDateTime.parse("2025-06-03T10:04:05+02:00");

  @Test
  void oneRecipientIsNamedWithFor() throws Exception {
    ClientEndpoint client = new ClientEndpoint(InetAddress.getByName("192.0.2.1"), "client.example.test");

    assertEquals("Received: from mail.example.test (client.example.test [192.0.2.1])\r\n"
        + "\tby mx.example.test (Postfleet) with ESMTP id 0ABCDEFGHIJKLMNO\r\n"
        + "\tfor <request@mail.example.test>; Tue, 3 Jun 2025 10:04:05 +0200\r\n",
        ReceivedHeader.render("mail.example.test", client, "mx.example.test", "ESMTP",
            "0ABCDEFGHIJKLMNO", List.of("request@mail.example.test"), WHEN));
  }

  @Test
  void manyRecipientsAreNotDisclosedAndIpv6IsAnAddressLiteral() throws Exception {
    ClientEndpoint client = new ClientEndpoint(InetAddress.getByName("::1"), "unknown");

    assertEquals("Received: from helo.test (unknown [IPv6:0:0:0:0:0:0:0:1])\r\n"
        + "\tby mx.example.test (Postfleet) with SMTP id ID;\r\n"
        + "\tTue, 3 Jun 2025 10:04:05 +0200\r\n",
        ReceivedHeader.render("helo.test", client, "mx.example.test", "SMTP", "ID",
            List.of("a@x.test", "b@x.test"), WHEN));
  }
}
